" Author: SecLens
" Description: SecLens checks xml build files by name (see autoload/seclens/ale.vim) for dependencies
" with known vulnerabilities; other xml buffers are left alone. Options as for Java: g:ale_java_seclens_*.

call seclens#ale#Define('xml', function('seclens#ale#GetBuildFileExecutable'))
