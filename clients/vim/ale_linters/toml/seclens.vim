" Author: SecLens
" Description: SecLens checks toml build files by name (see autoload/seclens/ale.vim) for dependencies
" with known vulnerabilities; other toml buffers are left alone. Options as for Java: g:ale_java_seclens_*.

call seclens#ale#Define('toml', function('seclens#ale#GetBuildFileExecutable'))
