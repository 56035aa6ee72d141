" Vim + ALE end-to-end test, run by run.sh as `vim -N -u NONE -i NONE -n -es -S test.vim` with
" clients/vim on the runtimepath and the current directory set to a copy of the fixture project.
" Expects SECLENS_JAR, SECLENS_CLIENT_DIR and SECLENS_TEST_LOG (messages go there: Vim in -es mode
" shows no :echo, and writing to /dev/stdout clobbers a log file that stdout shares with the caller).
" Quits with `qall!` on success, `cquit N` otherwise.
" Diagnostics only: ALE's code action support is limited.

let s:timeout_ms = empty($SECLENS_TEST_TIMEOUT_MS) ? 60000 : str2nr($SECLENS_TEST_TIMEOUT_MS)
let s:file = 'src/main/java/com/example/Vulnerable.java'
let s:rule = 'java/weak-hash'
" 1-based line 7, columns 16-48 end exclusive; ALE's end_col is inclusive: 47.
let s:want = {'lnum': 7, 'col': 16, 'end_lnum': 7, 'end_col': 47}

function! s:Say(msg) abort
    call writefile(['vim: ' . a:msg], $SECLENS_TEST_LOG, 'a')
endfunction

function! s:Fail(code, msg) abort
    call writefile(['vim: FAIL: ' . a:msg], $SECLENS_TEST_LOG, 'a')
    execute 'cquit ' . a:code
endfunction

function! s:Describe(items) abort
    if empty(a:items)
        return 'no diagnostics'
    endif

    return join(map(copy(a:items), {_, d -> printf('%s [%s] %d:%d-%d:%d linter=%s: %s',
    \   get(d, 'code', '?'), get(d, 'type', '?'), get(d, 'lnum', -1), get(d, 'col', -1),
    \   get(d, 'end_lnum', -1), get(d, 'end_col', -1), get(d, 'linter_name', '?'),
    \   get(d, 'detail', get(d, 'text', '')))}), '; ')
endfunction

function! s:Loclist(buffer) abort
    return get(get(get(g:, 'ale_buffer_info', {}), a:buffer, {}), 'loclist', [])
endfunction

function! s:Run() abort
    if empty($SECLENS_JAR)
        return s:Fail(2, 'SECLENS_JAR is not set')
    endif

    call s:Say(split(execute('version'), "\n")[0])

    execute 'set runtimepath^=' . fnameescape($SECLENS_CLIENT_DIR)
    filetype plugin on
    packadd ale

    if !exists('g:loaded_ale')
        return s:Fail(3, 'ALE did not load (packadd ale)')
    endif

    let g:ale_linters = {'java': ['seclens']}
    let g:ale_linters_explicit = 1
    let g:ale_java_seclens_jar = $SECLENS_JAR
    let g:ale_echo_cursor = 0
    let g:ale_set_signs = 0
    let g:ale_set_highlights = 0

    execute 'edit ' . fnameescape(s:file)
    let l:buffer = bufnr('%')

    if &filetype isnot# 'java'
        return s:Fail(4, 'filetype of ' . s:file . ' is ''' . &filetype . ''', expected ''java''')
    endif

    " The real linter definition from clients/vim.
    let l:names = map(copy(ale#linter#Get('java')), 'v:val.name')

    if index(l:names, 'seclens') < 0
        return s:Fail(5, 'ALE has no java linter ''seclens''; java linters: ' . join(l:names, ', '))
    endif

    ALELint

    let l:found = {}
    let l:waited = 0

    while l:waited < s:timeout_ms
        for l:item in s:Loclist(l:buffer)
            if get(l:item, 'code', '') is# s:rule
                let l:found = l:item
            endif
        endfor

        if !empty(l:found)
            break
        endif

        sleep 50m
        let l:waited += 50
    endwhile

    if empty(l:found)
        return s:Fail(6, printf('expected a %s diagnostic within %d ms; got: %s', s:rule, s:timeout_ms,
        \   s:Describe(s:Loclist(l:buffer))))
    endif

    for [l:key, l:value] in items(s:want)
        if get(l:found, l:key, -1) != l:value
            return s:Fail(7, printf('expected %s at %d:%d-%d:%d (1-based, end inclusive); got %s',
            \   s:rule, s:want.lnum, s:want.col, s:want.end_lnum, s:want.end_col, s:Describe([l:found])))
        endif
    endfor

    if get(l:found, 'linter_name', '') isnot# 'seclens'
    \|| stridx(get(l:found, 'detail', ''), '[seclens] ') != 0
        return s:Fail(8, 'expected linter seclens and source [seclens]; got ' . s:Describe([l:found]))
    endif

    call s:Say('diagnostic OK: ' . s:Describe([l:found]))
    call s:Say('root ' . seclens#ale#GetProjectRoot(l:buffer))

    " A pom.xml gets the dependency check; any other xml buffer does not start the server.
    call writefile(['<project>', '  <dependencies>', '    <dependency>',
    \   '      <groupId>org.apache.logging.log4j</groupId>', '      <artifactId>log4j-core</artifactId>',
    \   '      <version>2.14.1</version>', '    </dependency>', '  </dependencies>', '</project>'], 'pom.xml')
    call writefile(['<config/>'], 'other.xml')
    let g:ale_linters.xml = ['seclens']
    execute 'edit other.xml'

    if !empty(seclens#ale#GetBuildFileExecutable(bufnr('%')))
        return s:Fail(9, 'the seclens linter would start for other.xml')
    endif

    execute 'edit pom.xml'
    let l:pom = bufnr('%')
    ALELint
    let l:dependency = {}
    let l:waited = 0

    while empty(l:dependency) && l:waited < s:timeout_ms
        for l:item in s:Loclist(l:pom)
            if get(l:item, 'code', '') is# 'java/vulnerable-dependency'
                let l:dependency = l:item
            endif
        endfor

        sleep 50m
        let l:waited += 50
    endwhile

    if empty(l:dependency) || l:dependency.lnum != 6
        return s:Fail(10, 'expected java/vulnerable-dependency on line 6 of pom.xml (filetype '
        \   . &filetype . '); got: ' . s:Describe(s:Loclist(l:pom)))
    endif

    call s:Say('build file OK: ' . s:Describe([l:dependency]))
    qall!
endfunction

try
    call s:Run()
catch
    call s:Fail(20, 'error in test.vim: ' . v:exception . ' at ' . v:throwpoint)
endtry
