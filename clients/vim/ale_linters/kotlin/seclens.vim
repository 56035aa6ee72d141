" Author: SecLens
" Description: SecLens checks kotlin build files by name (see autoload/seclens/ale.vim) for dependencies
" with known vulnerabilities; other kotlin buffers are left alone. Options as for Java: g:ale_java_seclens_*.

call seclens#ale#Define('kotlin', function('seclens#ale#GetBuildFileExecutable'))
