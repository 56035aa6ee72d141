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

" The loaded Java buffers whose project holds a:file, one per project root: each stands for the
" server of its project.
function! s:BuffersOfProjectsHolding(file) abort
    let l:by_root = {}

    for l:info in getbufinfo({'bufloaded': 1})
        if getbufvar(l:info.bufnr, '&filetype') is# 'java'
            let l:root = seclens#ale#GetProjectRoot(l:info.bufnr)

            if !empty(l:root) && stridx(a:file, l:root . '/') == 0 && !has_key(l:by_root, l:root)
                let l:by_root[l:root] = l:info.bufnr
            endif
        endif
    endfor

    return values(l:by_root)
endfunction

" .seclens.json or .seclens/ignored.json was written: what a file watcher would tell the server, so
" that open and closed files are analysed again at once.
function! seclens#ale#ProjectFileWritten(file) abort
    let l:message = [1, 'workspace/didChangeWatchedFiles',
    \   {'changes': [{'uri': ale#path#ToFileURI(a:file), 'type': 2}]}]

    for l:buffer in s:BuffersOfProjectsHolding(a:file)
        call ale#lsp_linter#SendRequest(l:buffer, 'seclens', l:message)
    endfor
endfunction

" The rule of the SecLens diagnostic on the cursor's line, if any.
function! s:RuleAtCursor() abort
    let l:line = line('.')

    for l:item in get(get(get(g:, 'ale_buffer_info', {}), bufnr(''), {}), 'loclist', [])
        if get(l:item, 'linter_name', '') is# 'seclens' && l:item.lnum == l:line
        \&& get(l:item, 'code', '') =~# '^java/'
            return l:item.code
        endif
    endfor

    return ''
endfunction

function! s:OpenRuleDoc(rule, response) abort
    let l:result = get(a:response, 'result', v:null)

    if type(l:result) != v:t_dict || !has_key(l:result, 'markdown')
        echomsg 'SecLens: no documentation for ' . a:rule . ': '
        \   . string(get(get(a:response, 'error', {}), 'message', a:response))

        return
    endif

    new
    setlocal buftype=nofile bufhidden=wipe noswapfile
    execute 'silent file ' . fnameescape('seclens://rules/' . a:rule)
    call setline(1, split(l:result.markdown, "\n", 1))
    setlocal nomodifiable filetype=markdown
endfunction

" :SecLensRuleDoc [rule]: the rule's documentation (default: the SecLens diagnostic on the cursor's
" line) in a new window, as Markdown the server reads from its jar: no network needed.
function! seclens#ale#ShowRuleDoc(rule) abort
    let l:rule = empty(a:rule) ? s:RuleAtCursor() : a:rule

    if empty(l:rule)
        echomsg 'SecLens: no rule given and no SecLens diagnostic on this line'

        return
    endif

    call ale#lsp_linter#SendRequest(bufnr(''), 'seclens',
    \   [0, 'workspace/executeCommand', {'command': 'seclens.showRuleDoc', 'arguments': [l:rule]}],
    \   function('s:OpenRuleDoc', [l:rule]))
endfunction
