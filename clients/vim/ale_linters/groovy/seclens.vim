" Author: SecLens
" Description: SecLens checks groovy build files by name (see autoload/seclens/ale.vim) for dependencies
" with known vulnerabilities; other groovy buffers are left alone. Options as for Java: g:ale_java_seclens_*.

call seclens#ale#Define('groovy', function('seclens#ale#GetBuildFileExecutable'))
