;;; test.el --- Emacs + lsp-mode end-to-end test of clients/emacs/seclens.el  -*- lexical-binding: t; -*-

;;; Commentary:

;; Run by run.sh as `emacs --batch -l test.el' with, in the environment:
;; SECLENS_EL (the client to test), SECLENS_JAR (absolute path of the
;; server jar) and SECLENS_FIXTURE (a scratch copy of the fixture project).
;;
;; Loads the real client, opens Vulnerable.java in java-mode, runs `lsp',
;; which starts the client's `seclens' add-on server, waits for the
;; `java/weak-hash' diagnostic at line 7, columns 16 to 48, and, when the
;; server offers code actions, applies the preferred quick fix and waits for
;; the diagnostic to go.  Then opens a pom.xml, which the client attaches to
;; by name, and waits for its `java/vulnerable-dependency' diagnostic.
;; Exits 0 on success, 1 on failure or timeout.

;;; Code:

(require 'cl-lib)
(require 'subr-x)

(defvar seclens-command)
(defvar seclens-settings)

;; Before lsp-mode loads: no other clients, no snippets, nothing that prompts.
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
(require 'lsp-mode)

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
  (let* ((file (expand-file-name "src/main/java/com/example/Vulnerable.java" fixture))
         (jar (e2e-env "SECLENS_JAR")))
    (load (e2e-env "SECLENS_EL") nil t t)
    (setq seclens-command (list "java" "-jar" jar "lsp"))
    (setq seclens-settings '(:e2e t))
    (unless (gethash 'seclens lsp-clients)
      (e2e-fail "seclens.el registered no lsp-mode client with server id `seclens'"))
    (set-buffer (find-file-noselect file))
    (java-mode)
    ;; What answering lsp-mode's "import project root?" question does.
    (lsp-workspace-folders-add fixture)
    (e2e-log "starting %s" (mapconcat #'identity seclens-command " "))
    (lsp)
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
      (e2e-check-build-file fixture))))

(defun e2e-check-build-file (fixture)
  "A pom.xml in FIXTURE gets SecLens's `java/vulnerable-dependency' diagnostic."
  (let ((pom (expand-file-name "pom.xml" fixture)))
    (with-temp-file pom
      (insert "<project>\n  <dependencies>\n    <dependency>\n"
              "      <groupId>org.apache.logging.log4j</groupId>\n"
              "      <artifactId>log4j-core</artifactId>\n"
              "      <version>2.14.1</version>\n"
              "    </dependency>\n  </dependencies>\n</project>\n"))
    (set-buffer (find-file-noselect pom))
    (lsp)
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
