" Author: SecLens
" Description: what the SecLens ALE linters share: one `seclens lsp` server for Java buffers and for
" the build files it checks for vulnerable dependencies (pom.xml, build.gradle, build.gradle.kts,
" *.versions.toml), with the same g:ale_java_seclens_* options.

call ale#Set('java_seclens_executable', 'seclens')
call ale#Set('java_seclens_jar', '')
call ale#Set('java_seclens_java_executable', 'java')
call ale#Set('java_seclens_options', '')
call ale#Set('java_seclens_config', {})
call ale#Set('java_seclens_root_markers', [
\   'pom.xml', 'build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts',
\   '.git', '.seclens.json',
\])

function! seclens#ale#GetExecutable(buffer) abort
    if !empty(ale#Var(a:buffer, 'java_seclens_jar'))
        return ale#Var(a:buffer, 'java_seclens_java_executable')
    endif

    return ale#Var(a:buffer, 'java_seclens_executable')
endfunction

" Build files by name: an empty executable makes ALE skip the linter for every other xml, groovy,
" kotlin or toml buffer, so the server does not start for them.
function! seclens#ale#GetBuildFileExecutable(buffer) abort
    let l:name = fnamemodify(bufname(a:buffer), ':t')

    return l:name =~# '\v^(pom\.xml|build\.gradle(\.kts)?|.+\.versions\.toml)$'
    \   ? seclens#ale#GetExecutable(a:buffer)
    \   : ''
endfunction

function! seclens#ale#GetCommand(buffer) abort
    let l:jar = ale#Var(a:buffer, 'java_seclens_jar')
    let l:options = ale#Var(a:buffer, 'java_seclens_options')
    let l:command = empty(l:jar)
    \   ? '%e lsp'
    \   : '%e -jar ' . ale#Escape(fnamemodify(expand(l:jar), ':p')) . ' lsp'

    return l:command . (empty(l:options) ? '' : ' ' . l:options)
endfunction

" The nearest folder above the file holding one of the root markers; without one, the current
" directory when the file lies inside it, else the file's folder. ALE needs a non-empty root.
function! seclens#ale#GetProjectRoot(buffer) abort
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

function! seclens#ale#GetConfig(buffer) abort
    return {'seclens': ale#Var(a:buffer, 'java_seclens_config')}
endfunction

" The linter named seclens for a filetype; build-file filetypes pass GetBuildFileExecutable.
function! seclens#ale#Define(filetype, Executable) abort
    call ale#linter#Define(a:filetype, {
    \   'name': 'seclens',
    \   'lsp': 'stdio',
    \   'executable': a:Executable,
    \   'command': function('seclens#ale#GetCommand'),
    \   'project_root': function('seclens#ale#GetProjectRoot'),
    \   'lsp_config': function('seclens#ale#GetConfig'),
    \})
endfunction
