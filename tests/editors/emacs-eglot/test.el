;;; test.el --- Emacs + Eglot end-to-end test of clients/emacs/seclens.el  -*- lexical-binding: t; -*-

;;; Commentary:

;; Run by run.sh as `emacs --batch -l test.el' with, in the environment:
;; SECLENS_INIT (the README's init.el snippet) and SECLENS_FIXTURE (a
;; scratch copy of the fixture project, a Git checkout).
;;
;; Loads the README's init.el, opens Vulnerable.java, lets `eglot-ensure'
;; connect as after the first command, waits for the `java/weak-hash'
;; diagnostic at line 7, columns 16 to 48, applies the preferred quick fix
;; and waits for the diagnostic to go.  Then accepts the finding of
;; Accepted.java and sees it go with no other action, saves .seclens.json
;; and sees Configured.java update, and opens a rule's documentation.
;; Exits 0 on success, 1 on failure or timeout.

;;; Code:

(require 'cl-lib)
(require 'eglot)
(require 'flymake)

(defvar seclens-command)
(defvar seclens-settings)

(defconst e2e-timeout 60 "Seconds to wait for each step.")

(defun e2e-log (format-string &rest args)
  "Print FORMAT-STRING with ARGS to stderr, prefixed with the test's name."
  (message "emacs-eglot: %s" (apply #'format format-string args)))

(defun e2e-fail (format-string &rest args)
  "Stop the test: FORMAT-STRING with ARGS says why."
  (signal 'error (list (apply #'format format-string args))))

(defun e2e-env (name)
  "The environment variable NAME, which must be set."
  (or (getenv name) (e2e-fail "%s is not set (run the test with run.sh)" name)))

(defun e2e-wait (what predicate)
  "Wait up to `e2e-timeout' seconds until PREDICATE returns non-nil; return that.
WHAT names the awaited thing in the failure message.  While waiting,
Emacs reads the server's messages and runs timers; as batch Emacs is
never idle, edits are sent to the server here, as an idle Emacs would."
  (let ((deadline (+ (float-time) e2e-timeout))
        result)
    (while (not (setq result (funcall predicate)))
      (when (> (float-time) deadline)
        (e2e-fail "timed out after %ss waiting for %s" e2e-timeout what))
      (when (and eglot--managed-mode eglot--recent-changes)
        (eglot--signal-textDocument/didChange))
      (when flymake-mode (flymake-start))
      (accept-process-output nil 0.05))
    result))

(defun e2e-line-column (pos)
  "The 1-based line and column of POS, as a cons."
  (save-excursion
    (goto-char pos)
    (cons (line-number-at-pos) (1+ (current-column)))))

(defun e2e-weak-hash-diagnostics ()
  "The Flymake diagnostics of the buffer that are SecLens's `java/weak-hash'."
  (cl-remove-if-not
   (lambda (diag)
     (let ((lsp (cdr (assq 'eglot-lsp-diag (flymake-diagnostic-data diag)))))
       (or (string-match-p "java/weak-hash" (flymake-diagnostic-text diag))
           (equal (plist-get lsp :code) "java/weak-hash"))))
   (flymake-diagnostics)))

(defun e2e-describe-diagnostics ()
  "The buffer's Flymake diagnostics, one per line, for failure messages."
  (if (null (flymake-diagnostics))
      "  (none)"
    (mapconcat (lambda (diag)
                 (let ((beg (e2e-line-column (flymake-diagnostic-beg diag))))
                   (format "  %d:%d %s" (car beg) (cdr beg)
                           (flymake-diagnostic-text diag))))
               (flymake-diagnostics) "\n")))

(defun e2e-server-capable-p (feature)
  "Whether the current buffer's server has capability FEATURE."
  (if (fboundp 'eglot-server-capable)
      (funcall 'eglot-server-capable feature)
    (eglot--server-capable feature)))

(defun e2e-apply-code-action (server action)
  "Apply the code ACTION of SERVER as Eglot does when the user picks it."
  (if (fboundp 'eglot-execute)
      (funcall 'eglot-execute server action)
    (let ((edit (plist-get action :edit))
          (command (plist-get action :command)))
      (when edit (eglot--apply-workspace-edit edit))
      (when command
        (eglot-execute-command server (intern (plist-get command :command))
                               (plist-get command :arguments))))))

(defun e2e-run (fixture)
  "The test proper on the project in directory FIXTURE."
  (let* ((file (expand-file-name "src/main/java/com/example/Vulnerable.java" fixture))
         (expected-command (list "seclens" "lsp")))
    (load (e2e-env "SECLENS_INIT") nil t t)
    (setq seclens-settings '(:e2e t))
    (set-buffer (find-file-noselect file))
    (unless (eq major-mode 'java-mode)
      (e2e-fail "%s opened in %s, not java-mode" file major-mode))
    (let ((guess (eglot--guess-contact)))
      (unless (equal (nth 3 guess) expected-command)
        (e2e-fail "eglot-server-programs gives %S for java-mode, not the default seclens-command %S"
                  (nth 3 guess) expected-command)))
    ;; `eglot-ensure' (the README's hook) connects after the next command.
    (run-hooks 'post-command-hook)
    (let ((server (e2e-wait "Eglot to connect" #'eglot-current-server)))
      (e2e-log "connected to %S" (eglot--server-info server))
      (let ((answer (eglot-handle-request server 'workspace/configuration
                                          :items [(:section "seclens")])))
        (unless (equal answer [(:e2e t)])
          (e2e-fail "workspace/configuration for \"seclens\" answered %S, not seclens-settings"
                    answer)))
      (let* ((diag (car (e2e-wait "the java/weak-hash diagnostic"
                                  #'e2e-weak-hash-diagnostics)))
             (beg (flymake-diagnostic-beg diag))
             (end (flymake-diagnostic-end diag)))
        (e2e-log "diagnostic: %s" (flymake-diagnostic-text diag))
        (unless (and (equal (e2e-line-column beg) '(7 . 16))
                     (equal (e2e-line-column end) '(7 . 48)))
          (e2e-fail "java/weak-hash is at %S-%S, not line 7 columns 16-48:\n%s"
                    (e2e-line-column beg) (e2e-line-column end)
                    (e2e-describe-diagnostics)))
        (if (not (e2e-server-capable-p :codeActionProvider))
            (e2e-log "code actions not offered by this server: skipped")
          (let* ((actions (eglot-code-actions beg end))
                 (fix (cl-find-if (lambda (action)
                                    (and (plist-get action :isPreferred)
                                         (string-prefix-p "Use SHA-256"
                                                          (plist-get action :title))))
                                  actions)))
            (unless fix
              (e2e-fail "no preferred \"Use SHA-256\" quick fix among %S"
                        (mapcar (lambda (a) (plist-get a :title)) actions)))
            (e2e-log "applying quick fix: %s" (plist-get fix :title))
            (e2e-apply-code-action server fix)
            (e2e-wait "the quick fix to replace MD5 and the diagnostic to go"
                      (lambda ()
                        (and (null (e2e-weak-hash-diagnostics))
                             (save-excursion
                               (goto-char (point-min))
                               (forward-line 6)
                               (string-match-p
                                (regexp-quote "MessageDigest.getInstance(\"SHA-256\")")
                                (buffer-substring (point) (line-end-position)))))))
            (e2e-log "line 7 now reads: %s"
                     (string-trim (save-excursion
                                    (goto-char (point-min))
                                    (forward-line 6)
                                    (buffer-substring (point) (line-end-position))))))))
      (e2e-accept fixture)
      (e2e-configure fixture)
      (e2e-rule-doc))))

(defun e2e-visit (fixture name)
  "Visit the fixture's Java file NAME as the user would; return its buffer, connected."
  (let ((buffer (find-file-noselect
                 (expand-file-name (concat "src/main/java/com/example/" name) fixture))))
    (set-buffer buffer)
    (run-hooks 'post-command-hook)
    (e2e-wait (concat "Eglot to manage " name) (lambda () eglot--managed-mode))
    buffer))

(defun e2e-accept (fixture)
  "Accept the finding of Accepted.java; it must go with no other action."
  (let* ((buffer (e2e-visit fixture "Accepted.java"))
         (diag (car (e2e-wait "java/weak-hash in Accepted.java" #'e2e-weak-hash-diagnostics)))
         (accept (cl-find-if (lambda (action)
                               (string-prefix-p "Accept this finding" (plist-get action :title)))
                             (eglot-code-actions (flymake-diagnostic-beg diag)
                                                 (flymake-diagnostic-end diag)))))
    (unless accept
      (e2e-fail "no \"Accept this finding\" code action"))
    (e2e-apply-code-action (eglot-current-server) accept)
    (with-current-buffer buffer
      (e2e-wait "the accepted finding to go" (lambda () (null (e2e-weak-hash-diagnostics)))))
    (unless (file-exists-p (expand-file-name ".seclens/ignored.json" fixture))
      (e2e-fail ".seclens/ignored.json was not written at the project root"))
    (e2e-log "accepted: recorded in .seclens/ignored.json, diagnostic gone")))

(defun e2e-configure (fixture)
  "Save .seclens.json turning java/weak-hash off; the open Configured.java must follow."
  (let ((configured (e2e-visit fixture "Configured.java")))
    (e2e-wait "java/weak-hash in Configured.java" #'e2e-weak-hash-diagnostics)
    (with-current-buffer (find-file-noselect (expand-file-name ".seclens.json" fixture))
      (insert "{ \"rules\": { \"java/weak-hash\": false } }\n")
      (save-buffer))
    (set-buffer configured)
    (e2e-wait "Configured.java's java/weak-hash to go after .seclens.json changed"
              (lambda () (null (e2e-weak-hash-diagnostics))))
    (e2e-log ".seclens.json: the open file updated")))

(defun e2e-rule-doc ()
  "Open java/weak-hash's documentation from the server."
  (let ((doc (with-current-buffer (seclens-show-rule-doc "java/weak-hash")
               (buffer-substring (point-min) (line-end-position)))))
    (unless (string-prefix-p "# Broken hash algorithm" doc)
      (e2e-fail "seclens-show-rule-doc showed %S" doc))
    (e2e-log "rule documentation: %s" doc)))

(defun e2e-stop-servers ()
  "Shut down every Eglot server, and make sure its process is gone."
  (dolist (server (cl-loop for servers being the hash-values of eglot--servers-by-project
                           append servers))
    (let ((process (jsonrpc--process server)))
      (condition-case err
          (eglot-shutdown server nil 3)
        (error (e2e-log "shutdown: %s" (error-message-string err))))
      (when (process-live-p process)
        (delete-process process)))))

(let ((status 1))
  (condition-case err
      (progn
        (e2e-run (file-name-as-directory (e2e-env "SECLENS_FIXTURE")))
        (setq status 0)
        (e2e-log "passed"))
    (error
     (e2e-log "FAILED: %s" (error-message-string err))
     (when (and (bufferp (current-buffer)) flymake-mode)
       (e2e-log "diagnostics:\n%s" (e2e-describe-diagnostics)))))
  (e2e-stop-servers)
  ;; Edits are in buffers only; nothing to save, nothing to ask.
  (dolist (buffer (buffer-list))
    (with-current-buffer buffer (set-buffer-modified-p nil)))
  (kill-emacs status))

;;; test.el ends here
