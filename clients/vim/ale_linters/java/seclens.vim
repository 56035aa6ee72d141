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

call ale#Set('java_seclens_executable', 'seclens')
call ale#Set('java_seclens_jar', '')
call ale#Set('java_seclens_java_executable', 'java')
call ale#Set('java_seclens_options', '')
call ale#Set('java_seclens_config', {})
call ale#Set('java_seclens_root_markers', [
\   'pom.xml', 'build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts',
\   '.git', '.seclens.json',
\])

function! ale_linters#java#seclens#GetExecutable(buffer) abort
    if !empty(ale#Var(a:buffer, 'java_seclens_jar'))
        return ale#Var(a:buffer, 'java_seclens_java_executable')
    endif

    return ale#Var(a:buffer, 'java_seclens_executable')
endfunction

function! ale_linters#java#seclens#GetCommand(buffer) abort
    let l:jar = ale#Var(a:buffer, 'java_seclens_jar')
    let l:options = ale#Var(a:buffer, 'java_seclens_options')
    let l:command = empty(l:jar)
    \   ? '%e lsp'
    \   : '%e -jar ' . ale#Escape(fnamemodify(expand(l:jar), ':p')) . ' lsp'

    return l:command . (empty(l:options) ? '' : ' ' . l:options)
endfunction

" The nearest folder above the file holding one of the root markers; without one, the current
" directory when the file lies inside it, else the file's folder. ALE needs a non-empty root.
function! ale_linters#java#seclens#GetProjectRoot(buffer) abort
    let l:file = fnamemodify(bufname(a:buffer), ':p')

    if empty(l:file)
        return ''
    endif

    let l:dir = fnamemodify(l:file, ':h')

    for l:candidate in ale#path#Upwards(l:dir)
        for l:marker in ale#Var(a:buffer, 'java_seclens_root_markers')
            let l:path = l:candidate . '/' . l:marker

            if filereadable(l:path) || isdirectory(l:path)
                return l:candidate
            endif
        endfor
    endfor

    let l:cwd = getcwd()

    if l:dir is# l:cwd || stridx(l:dir, l:cwd . '/') == 0
        return l:cwd
    endif

    return l:dir
endfunction

function! ale_linters#java#seclens#GetConfig(buffer) abort
    return {'seclens': ale#Var(a:buffer, 'java_seclens_config')}
endfunction

call ale#linter#Define('java', {
\   'name': 'seclens',
\   'lsp': 'stdio',
\   'executable': function('ale_linters#java#seclens#GetExecutable'),
\   'command': function('ale_linters#java#seclens#GetCommand'),
\   'project_root': function('ale_linters#java#seclens#GetProjectRoot'),
\   'lsp_config': function('ale_linters#java#seclens#GetConfig'),
\})
