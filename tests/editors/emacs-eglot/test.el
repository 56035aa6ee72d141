;;; test.el --- Emacs + Eglot end-to-end test of clients/emacs/seclens.el  -*- lexical-binding: t; -*-

;;; Commentary:

;; Run by run.sh as `emacs --batch -l test.el' with, in the environment:
;; SECLENS_EL (the client to test), SECLENS_JAR (absolute path of the
;; server jar) and SECLENS_FIXTURE (a scratch copy of the fixture project).
;;
;; Loads the real client, opens Vulnerable.java in java-mode, starts Eglot
;; with the contact the client put in `eglot-server-programs', waits for the
;; `java/weak-hash' diagnostic at line 7, columns 16 to 48, and, when the
;; server offers code actions, applies the preferred quick fix and waits for
;; the diagnostic to go.  Exits 0 on success, 1 on failure or timeout.

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
         (jar (e2e-env "SECLENS_JAR"))
         (expected-command (list "java" "-jar" jar "lsp")))
    (load (e2e-env "SECLENS_EL") nil t t)
    (setq seclens-command expected-command)
    (setq seclens-settings '(:e2e t))
    ;; The fixture is the project, wherever the scratch copy lives.
    (add-hook 'project-find-functions (lambda (_dir) (cons 'transient fixture)))
    (set-buffer (find-file-noselect file))
    (java-mode)
    ;; What M-x eglot does, less its prompts: the client's entry in
    ;; `eglot-server-programs' decides the server.
    (let ((guess (eglot--guess-contact)))
      (unless (equal (nth 3 guess) expected-command)
        (e2e-fail "eglot-server-programs gives %S for java-mode, not seclens-command %S"
                  (nth 3 guess) expected-command))
      (e2e-log "starting %s" (mapconcat #'identity (nth 3 guess) " "))
      (apply #'eglot guess))
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
                                    (buffer-substring (point) (line-end-position)))))))))))

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
