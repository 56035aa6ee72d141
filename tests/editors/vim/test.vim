" Vim + ALE end-to-end test, run by run.sh as `vim -N -u ~/.vimrc -i NONE -n -es -S test.vim` with
" the README's .vimrc and the current directory set to a copy of the fixture project.
" Expects SECLENS_TEST_LOG (messages go there: Vim in -es mode shows no :echo, and writing to
" /dev/stdout clobbers a log file that stdout shares with the caller).
" Quits with `qall!` on success, `cquit N` otherwise.

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

" Waits until a:buffer has (a:present 1) or lacks (0) a java/weak-hash diagnostic; returns it or {}.
function! s:Await(buffer, present) abort
    let l:waited = 0

    while l:waited < s:timeout_ms
        let l:found = filter(copy(s:Loclist(a:buffer)), {_, d -> get(d, 'code', '') is# s:rule})

        if !empty(l:found) == a:present
            return empty(l:found) ? {} : l:found[0]
        endif

        sleep 50m
        let l:waited += 50
    endwhile

    return a:present ? {} : l:found[0]
endfunction

function! s:Run() abort
    call s:Say(split(execute('version'), "\n")[0])

    if !exists('g:loaded_ale')
        return s:Fail(3, 'ALE did not load from the README''s .vimrc')
    endif

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

    " Accept a finding through ALE's own code action path; it goes with no other action.
    execute 'edit src/main/java/com/example/Accepted.java'
    let l:accepted = bufnr('%')
    ALELint
    let l:finding = s:Await(l:accepted, 1)

    if empty(l:finding)
        return s:Fail(11, 'no ' . s:rule . ' in Accepted.java: ' . s:Describe(s:Loclist(l:accepted)))
    endif

    call cursor(l:finding.lnum, l:finding.col)
    let s:menu = v:null
    call ale#codefix#Execute(0, {data, items -> execute('let s:menu = [data, items]')})
    let l:waited = 0

    while s:menu is v:null && l:waited < s:timeout_ms
        sleep 50m
        let l:waited += 50
    endwhile

    let l:accept = s:menu is v:null ? [] : filter(copy(s:menu[1]), {_, i -> i[1].title =~# '^Accept this finding'})

    if empty(l:accept)
        return s:Fail(12, 'no "Accept this finding" code action: ' . string(s:menu))
    endif

    call ale#codefix#ApplyLSPCodeAction(s:menu[0], l:accept[0][1])

    if !empty(s:Await(l:accepted, 0))
        return s:Fail(13, 'the accepted finding stayed: ' . s:Describe(s:Loclist(l:accepted)))
    endif

    if !filereadable('.seclens/ignored.json')
        return s:Fail(14, '.seclens/ignored.json was not written at the project root')
    endif

    call s:Say('accepted: recorded in .seclens/ignored.json, diagnostic gone')

    " .seclens.json written in Vim: an open file follows at once (ALE shows no diagnostics of files
    " that are not open, so the closed-file half is left to the other editors' tests).
    execute 'edit src/main/java/com/example/Configured.java'
    let l:configured = bufnr('%')
    ALELint

    if empty(s:Await(l:configured, 1))
        return s:Fail(15, 'expected ' . s:rule . ' in Configured.java; got ' . s:Describe(s:Loclist(l:configured)))
    endif

    split .seclens.json
    call setline(1, '{ "rules": { "java/weak-hash": false } }')
    silent write

    if !empty(s:Await(l:configured, 0))
        return s:Fail(16, 'after .seclens.json turned java/weak-hash off: ' . s:Describe(s:Loclist(l:configured)))
    endif

    close
    call s:Say('.seclens.json: the open file updated')

    " The rule's documentation, from the server.
    SecLensRuleDoc java/weak-hash
    let l:waited = 0

    while bufnr('seclens://rules/java/weak-hash') < 0 && l:waited < s:timeout_ms
        sleep 50m
        let l:waited += 50
    endwhile

    let l:doc = bufnr('seclens://rules/java/weak-hash')
    let l:first = l:doc < 0 ? '' : get(getbufline(l:doc, 1), 0, '')

    if l:first !~# '^# Broken hash algorithm'
        return s:Fail(17, 'SecLensRuleDoc showed ' . string(l:first))
    endif

    call s:Say('rule documentation: ' . l:first)
    only

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
