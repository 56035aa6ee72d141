;;; test.el --- Emacs + lsp-mode end-to-end test of clients/emacs/seclens.el  -*- lexical-binding: t; -*-

;;; Commentary:

;; Run by run.sh as `emacs --batch -l test.el' with, in the environment:
;; SECLENS_INIT (the README's lsp-mode init.el snippet) and SECLENS_FIXTURE
;; (a scratch copy of the fixture project, a Git checkout).
;;
;; Loads the README's init.el, opens Vulnerable.java, whose `lsp-deferred'
;; hook starts the client's `seclens' add-on server, waits for the
;; `java/weak-hash' diagnostic at line 7, columns 16 to 48, applies the
;; preferred quick fix and waits for the diagnostic to go.  Then accepts the
;; finding of Accepted.java and sees it go with no other action, saves
;; .seclens.json and sees the open Configured.java and the closed Closed.java
;; update, opens a rule's documentation, and opens a pom.xml, which the
;; client attaches to by name, for its `java/vulnerable-dependency'.
;; Exits 0 on success, 1 on failure or timeout.

;;; Code:

(require 'cl-lib)
(require 'subr-x)

(defvar seclens-command)
(defvar seclens-settings)

;; Before the README's init.el loads lsp-mode: batch Emacs has no one to
;; answer prompts, and no other clients, snippets or file watchers here.
(defvar lsp-client-packages nil)
(defvar lsp-enable-snippet nil)
(defvar lsp-modeline-workspace-status-enable nil)
(defvar lsp-modeline-diagnostics-enable nil)
(defvar lsp-modeline-code-actions-enable nil)
(defvar lsp-headerline-breadcrumb-enable nil)
(defvar lsp-lens-enable nil)
(defvar lsp-enable-file-watchers nil)
(defvar lsp-keep-workspace-alive nil)
(defvar lsp-restart 'ignore)

(defconst e2e-timeout 60 "Seconds to wait for each step.")

(defun e2e-log (format-string &rest args)
  "Print FORMAT-STRING with ARGS to stderr, prefixed with the test's name."
  (message "emacs-lsp-mode: %s" (apply #'format format-string args)))

(defun e2e-fail (format-string &rest args)
  "Stop the test: FORMAT-STRING with ARGS says why."
  (signal 'error (list (apply #'format format-string args))))

(defun e2e-env (name)
  "The environment variable NAME, which must be set."
  (or (getenv name) (e2e-fail "%s is not set (run the test with run.sh)" name)))

(defun e2e-wait (what predicate)
  "Wait up to `e2e-timeout' seconds until PREDICATE returns non-nil; return that.
WHAT names the awaited thing in the failure message."
  (let ((deadline (+ (float-time) e2e-timeout))
        result)
    (while (not (setq result (funcall predicate)))
      (when (> (float-time) deadline)
        (e2e-fail "timed out after %ss waiting for %s" e2e-timeout what))
      (accept-process-output nil 0.05))
    result))

(defun e2e-seclens-workspace ()
  "The buffer's lsp-mode workspace of the `seclens' client, if it runs."
  (cl-find-if (lambda (workspace)
                (and (eq (lsp--client-server-id (lsp--workspace-client workspace)) 'seclens)
                     (eq (lsp--workspace-status workspace) 'initialized)))
              (lsp-workspaces)))

(defun e2e-diagnostics ()
  "The lsp-mode diagnostics of the buffer's file."
  (gethash (lsp--fix-path-casing buffer-file-name) (lsp-diagnostics t)))

(defun e2e-weak-hash-diagnostics ()
  "The diagnostics of the buffer's file that are SecLens's `java/weak-hash'."
  (cl-remove-if-not (lambda (diag) (equal (lsp:diagnostic-code? diag) "java/weak-hash"))
                    (e2e-diagnostics)))

(defun e2e-describe-diagnostics ()
  "The file's diagnostics, one per line, for failure messages."
  (if (null (e2e-diagnostics))
      "  (none)"
    (mapconcat (lambda (diag)
                 (let ((start (lsp:range-start (lsp:diagnostic-range diag))))
                   (format "  %d:%d [%s] %s"
                           (1+ (lsp:position-line start))
                           (1+ (lsp:position-character start))
                           (lsp:diagnostic-code? diag)
                           (lsp:diagnostic-message diag))))
               (e2e-diagnostics) "\n")))

(defun e2e-line-7 ()
  "The text of line 7 of the buffer."
  (save-excursion
    (goto-char (point-min))
    (forward-line 6)
    (buffer-substring-no-properties (point) (line-end-position))))

(defun e2e-run (fixture)
  "The test proper on the project in directory FIXTURE."
  (let ((file (expand-file-name "src/main/java/com/example/Vulnerable.java" fixture)))
    (load (e2e-env "SECLENS_INIT") nil t t)
    (setq seclens-settings '(:e2e t))
    (unless (gethash 'seclens lsp-clients)
      (e2e-fail "seclens.el registered no lsp-mode client with server id `seclens'"))
    ;; What answering lsp-mode's "import project root?" question does.
    (lsp-workspace-folders-add fixture)
    (e2e-visit file)
    (let* ((workspace (e2e-wait "lsp-mode to start the seclens client" #'e2e-seclens-workspace))
           (client (lsp--workspace-client workspace)))
      (e2e-log "connected: %s" (lsp--workspace-print workspace))
      (let* ((handler (gethash "workspace/configuration" (lsp--client-request-handlers client)))
             (params (let ((item (make-hash-table :test #'equal))
                           (params (make-hash-table :test #'equal)))
                       (puthash "section" "seclens" item)
                       (puthash "items" (vector item) params)
                       params))
             (answer (and handler (funcall handler workspace params))))
        (unless (equal answer [(:e2e t)])
          (e2e-fail "workspace/configuration for \"seclens\" answered %S, not seclens-settings"
                    answer)))
      (let* ((diag (car (e2e-wait "the java/weak-hash diagnostic" #'e2e-weak-hash-diagnostics)))
             (range (lsp:diagnostic-range diag))
             (start (lsp:range-start range))
             (end (lsp:range-end range)))
        (e2e-log "diagnostic: [%s] %s" (lsp:diagnostic-code? diag) (lsp:diagnostic-message diag))
        (unless (and (= (lsp:position-line start) 6) (= (lsp:position-character start) 15)
                     (= (lsp:position-line end) 6) (= (lsp:position-character end) 47))
          (e2e-fail "java/weak-hash is not at line 7 columns 16-48:\n%s"
                    (e2e-describe-diagnostics)))
        (if (not (lsp-feature? "textDocument/codeAction"))
            (e2e-log "code actions not offered by this server: skipped")
          ;; The user selects the finding and asks for code actions.
          (transient-mark-mode 1)
          (goto-char (lsp--position-to-point start))
          (push-mark (lsp--position-to-point end) t t)
          (let* ((actions (append (lsp-code-actions-at-point) nil))
                 (fix (cl-find-if (lambda (action)
                                    (and (lsp:code-action-is-preferred? action)
                                         (string-prefix-p "Use SHA-256"
                                                          (lsp:code-action-title action))))
                                  actions)))
            (deactivate-mark)
            (unless fix
              (e2e-fail "no preferred \"Use SHA-256\" quick fix among %S"
                        (mapcar #'lsp:code-action-title actions)))
            (e2e-log "applying quick fix: %s" (lsp:code-action-title fix))
            (lsp-execute-code-action fix)
            (e2e-wait "the quick fix to replace MD5 and the diagnostic to go"
                      (lambda ()
                        (and (null (e2e-weak-hash-diagnostics))
                             (string-match-p
                              (regexp-quote "MessageDigest.getInstance(\"SHA-256\")")
                              (e2e-line-7)))))
            (e2e-log "line 7 now reads: %s" (string-trim (e2e-line-7))))))
      (e2e-accept fixture)
      (e2e-configure fixture)
      (e2e-rule-doc)
      (e2e-check-build-file fixture))))

(defun e2e-visit (file)
  "Visit FILE and show it, as the user does; the README's `lsp-deferred' hook starts lsp-mode."
  (switch-to-buffer (find-file-noselect file))
  (unless (or (e2e-seclens-workspace) lsp--buffer-deferred)
    (e2e-fail "the README's hook did not run `lsp-deferred' in %s" (file-name-nondirectory file)))
  ;; `lsp-deferred' starts lsp-mode from an idle timer; batch Emacs is never
  ;; idle, so this runs what that timer runs.
  (unless (e2e-seclens-workspace)
    (lsp--init-if-visible))
  (e2e-wait (concat "lsp-mode to start in " (file-name-nondirectory file)) #'e2e-seclens-workspace))

(defun e2e-java (fixture name)
  "The path of the fixture's Java file NAME."
  (expand-file-name (concat "src/main/java/com/example/" name) fixture))

(defun e2e-accept (fixture)
  "Accept the finding of Accepted.java; it must go with no other action."
  (e2e-visit (e2e-java fixture "Accepted.java"))
  (let* ((diag (car (e2e-wait "java/weak-hash in Accepted.java" #'e2e-weak-hash-diagnostics)))
         (range (lsp:diagnostic-range diag)))
    (transient-mark-mode 1)
    (goto-char (lsp--position-to-point (lsp:range-start range)))
    (push-mark (lsp--position-to-point (lsp:range-end range)) t t)
    (let ((accept (cl-find-if (lambda (action)
                                (string-prefix-p "Accept this finding" (lsp:code-action-title action)))
                              (append (lsp-code-actions-at-point) nil))))
      (deactivate-mark)
      (unless accept
        (e2e-fail "no \"Accept this finding\" code action"))
      (lsp-execute-code-action accept))
    (e2e-wait "the accepted finding to go" (lambda () (null (e2e-weak-hash-diagnostics))))
    (unless (file-exists-p (expand-file-name ".seclens/ignored.json" fixture))
      (e2e-fail ".seclens/ignored.json was not written at the project root"))
    (let ((buffer (get-file-buffer (expand-file-name ".seclens/ignored.json" fixture))))
      (when (and buffer (buffer-modified-p buffer))
        (e2e-fail "the ignore file was left unsaved")))
    (e2e-log "accepted: recorded in .seclens/ignored.json, diagnostic gone")))

(defun e2e-file-has-weak-hash (file)
  "Whether lsp-mode holds a java/weak-hash diagnostic for FILE, open or not."
  (cl-some (lambda (diag) (equal (lsp:diagnostic-code? diag) "java/weak-hash"))
           (gethash (lsp--fix-path-casing file) (lsp-diagnostics t))))

(defun e2e-configure (fixture)
  "Save .seclens.json turning java/weak-hash off; the open Configured.java and closed Closed.java follow."
  (let ((closed (e2e-java fixture "Closed.java"))
        (configured (e2e-java fixture "Configured.java")))
    (e2e-wait "the workspace scan's java/weak-hash in the closed Closed.java"
              (lambda () (e2e-file-has-weak-hash closed)))
    (e2e-visit configured)
    (e2e-wait "java/weak-hash in Configured.java" (lambda () (e2e-file-has-weak-hash configured)))
    (with-current-buffer (find-file-noselect (expand-file-name ".seclens.json" fixture))
      (insert "{ \"rules\": { \"java/weak-hash\": false } }\n")
      (save-buffer))
    (e2e-wait "the open and the closed file to follow .seclens.json"
              (lambda () (not (or (e2e-file-has-weak-hash configured) (e2e-file-has-weak-hash closed)))))
    (e2e-log ".seclens.json: open and closed files updated")))

(defun e2e-rule-doc ()
  "Open java/weak-hash's documentation from the server."
  (let ((doc (with-current-buffer (seclens-show-rule-doc "java/weak-hash")
               (buffer-substring (point-min) (line-end-position)))))
    (unless (string-prefix-p "# Broken hash algorithm" doc)
      (e2e-fail "seclens-show-rule-doc showed %S" doc))
    (e2e-log "rule documentation: %s" doc)))

(defun e2e-check-build-file (fixture)
  "A pom.xml in FIXTURE gets SecLens's `java/vulnerable-dependency' diagnostic."
  (let ((pom (expand-file-name "pom.xml" fixture)))
    (with-temp-file pom
      (insert "<project>\n  <dependencies>\n    <dependency>\n"
              "      <groupId>org.apache.logging.log4j</groupId>\n"
              "      <artifactId>log4j-core</artifactId>\n"
              "      <version>2.14.1</version>\n"
              "    </dependency>\n  </dependencies>\n</project>\n"))
    (e2e-visit pom)
    (let ((diag (car (e2e-wait "the java/vulnerable-dependency diagnostic in pom.xml"
                               (lambda ()
                                 (cl-remove-if-not
                                  (lambda (diag)
                                    (equal (lsp:diagnostic-code? diag) "java/vulnerable-dependency"))
                                  (e2e-diagnostics)))))))
      (unless (= (lsp:position-line (lsp:range-start (lsp:diagnostic-range diag))) 5)
        (e2e-fail "java/vulnerable-dependency is not on line 6 of pom.xml:\n%s"
                  (e2e-describe-diagnostics)))
      (e2e-log "build file: [%s] %s" (lsp:diagnostic-code? diag) (lsp:diagnostic-message diag)))))

(defun e2e-stop-servers ()
  "Shut down every lsp-mode workspace, and make sure its process is gone."
  (dolist (workspace (lsp--session-workspaces (lsp-session)))
    (let ((process (lsp--workspace-cmd-proc workspace)))
      (condition-case err
          (with-lsp-workspace workspace (lsp--shutdown-workspace))
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
     (when buffer-file-name
       (e2e-log "diagnostics:\n%s" (e2e-describe-diagnostics)))))
  (e2e-stop-servers)
  ;; Edits are in buffers only; nothing to save, nothing to ask.
  (dolist (buffer (buffer-list))
    (with-current-buffer buffer (set-buffer-modified-p nil)))
  (kill-emacs status))

;;; test.el ends here
