" Author: SecLens
" Description: what SecLens adds around ALE's diagnostics: :SecLensRuleDoc, and telling the server
" at once when .seclens.json or .seclens/ignored.json is written (ALE watches no files for servers).

if exists('g:loaded_seclens')
    finish
endif

let g:loaded_seclens = 1

command! -nargs=? SecLensRuleDoc call seclens#ale#ShowRuleDoc(<q-args>)

augroup seclens
    autocmd!
    autocmd BufWritePost .seclens.json,*/.seclens/ignored.json call seclens#ale#ProjectFileWritten(expand('<afile>:p'))
augroup END
