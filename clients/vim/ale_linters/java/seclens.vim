" Author: SecLens
" Description: SecLens security diagnostics for Java: the language server `seclens lsp` over stdio.
"
" Options (global g:ale_java_seclens_* or per buffer b:ale_java_seclens_*):
"   executable    the seclens launcher (default 'seclens'), started as `seclens lsp`
"   jar           path to seclens.jar; when set, runs `java -jar <jar> lsp` (java from java_executable)
"   java_executable  the java command for the jar (default 'java')
"   options       extra arguments after `lsp`
"   config        settings sent to the server as {"seclens": config}
"   root_markers  files or folders marking the project root
" The definition is shared with the build-file linters: autoload/seclens/ale.vim.

call seclens#ale#Define('java', function('seclens#ale#GetExecutable'))
