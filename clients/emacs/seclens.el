;;; seclens.el --- Java security diagnostics from SecLens  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "28.1"))
;; Keywords: languages, tools, convenience

;; This file is not part of GNU Emacs.

;;; Commentary:

;; SecLens is a language server that finds security weaknesses in Java
;; code (weak hashes, injection, ...) and reports them as diagnostics,
;; with quick fixes where the server offers them.  The server speaks
;; the Language Server Protocol on standard input and output when run
;; as `seclens lsp' (or `java -jar seclens.jar lsp').
;;
;; This package registers that server with whichever LSP client you
;; use; it does not load either client itself:
;;
;; - Eglot: an entry in `eglot-server-programs' for `java-mode' and
;;   `java-ts-mode'.  Eglot runs one server per buffer, so with this
;;   entry `M-x eglot' in a Java buffer starts SecLens instead of jdtls.
;;
;; - lsp-mode: a client with server id `seclens' registered as an
;;   add-on, so `M-x lsp' starts it beside jdtls (lsp-java) in the same
;;   buffer.  It also attaches to build files (pom.xml, build.gradle,
;;   build.gradle.kts, *.versions.toml), which the server checks for
;;   dependencies with known vulnerabilities.
;;
;; With Eglot, build files are checked only when
;; `seclens-eglot-build-files' is non-nil, because Eglot runs one
;; server per buffer and SecLens would replace your XML, Groovy,
;; Kotlin or TOML server there.
;;
;; Findings show up through Flymake (Eglot) or Flycheck/Flymake
;; (lsp-mode) with codes such as `java/weak-hash'; `eglot-code-actions'
;; or `lsp-execute-code-action' apply the fixes.
;;
;; Customize `seclens-command' to say how to start the server, and
;; `seclens-settings' for what the server receives when it asks for
;; the "seclens" section of `workspace/configuration'.
;;
;;   (require 'eglot)
;;   (add-to-list 'load-path "~/src/seclens/clients/emacs")
;;   (require 'seclens)
;;   (add-hook 'java-mode-hook #'eglot-ensure)
;;
;; Around the analysis: `seclens-show-rule-doc' shows a rule's
;; documentation (from the server, no network); saving .seclens.json
;; or .seclens/ignored.json tells the server at once; edits the server
;; makes to those files are saved right away.

;;; Code:

(require 'cl-lib)

(defgroup seclens nil
  "SecLens security diagnostics for Java, through Eglot or lsp-mode."
  :group 'tools
  :prefix "seclens-")

(defcustom seclens-command '("seclens" "lsp")
  "How to start the SecLens language server: the program and its arguments.
The server must speak LSP on its standard input and output.  With
the jar rather than the `seclens' launcher on variable `exec-path', use
something like (\"java\" \"-jar\" \"/path/to/seclens.jar\" \"lsp\").
Read each time a server starts, so a change applies to the next
server started."
  :type '(repeat string)
  :group 'seclens)

(defcustom seclens-settings nil
  "Settings the server receives for the \"seclens\" configuration section.
A plist such as (:someOption t), sent as the JSON object the server
gets when it asks for section \"seclens\" of `workspace/configuration'.
Nested plists become nested objects; use vectors for JSON arrays and
`:json-false' for false.  nil sends an empty object.

With Eglot, a `:seclens' section in `eglot-workspace-configuration'
\(for example as a directory-local variable) takes precedence over
this variable for that project."
  :type '(plist :key-type keyword :value-type sexp)
  :group 'seclens)

(defconst seclens-major-modes '(java-mode java-ts-mode)
  "Major modes whose buffers SecLens checks.")

(defconst seclens-build-file-modes
  '(nxml-mode groovy-mode kotlin-mode kotlin-ts-mode conf-toml-mode toml-ts-mode)
  "Major modes of the build files SecLens checks for vulnerable dependencies.")

(defconst seclens-build-file-regexp
  "\\(?:\\`\\|/\\)\\(?:pom\\.xml\\|build\\.gradle\\(?:\\.kts\\)?\\|[^/]*\\.versions\\.toml\\)\\'"
  "File names the server reads dependencies from.")

(defcustom seclens-eglot-build-files nil
  "Whether Eglot starts SecLens for build files too.
Eglot runs one server per buffer, so this makes SecLens the server of
every buffer in `seclens-build-file-modes' (the server ignores those
that are not build files)."
  :type 'boolean
  :group 'seclens)

(defun seclens-build-file-p (file-name)
  "Whether FILE-NAME is a build file SecLens checks."
  (and file-name (string-match-p seclens-build-file-regexp file-name)))

(defun seclens--settings-json ()
  "The value of `seclens-settings' as something JSON serializes to an object."
  (or seclens-settings (make-hash-table :test #'equal)))

(defun seclens--item-section (item)
  "The section a `workspace/configuration' ITEM asks for.
ITEM is a plist (Eglot, lsp-mode with plists) or a hash table (lsp-mode)."
  (if (hash-table-p item)
      (gethash "section" item)
    (plist-get item :section)))

(defun seclens--configuration-answers (items answers &optional override)
  "ANSWERS to `workspace/configuration' ITEMS, SecLens's section filled in.
Each answer to an item for section \"seclens\" becomes the value of
`seclens-settings' when OVERRIDE is non-nil or the client had no
answer of its own.  Returns a vector, as the protocol wants an array."
  (vconcat
   (cl-mapcar (lambda (item answer)
                (if (and (equal (seclens--item-section item) "seclens")
                         (or override (null answer)))
                    (seclens--settings-json)
                  answer))
              items answers)))

;;;; Eglot

(defvar eglot-server-programs)
(declare-function eglot--server-info "eglot" (server))

(defun seclens--eglot-contact (&optional _interactive)
  "Return the Eglot contact for SecLens: the current `seclens-command'."
  (copy-sequence seclens-command))

(defun seclens--eglot-server-p (server)
  "Whether the Eglot SERVER is SecLens, by the name it gave in `initialize'."
  (equal (plist-get (eglot--server-info server) :name) "seclens"))

(with-eval-after-load 'eglot
  (cl-defmethod eglot-handle-request :around
    (server (_method (eql 'workspace/configuration)) &key items)
    "Answer SecLens's `workspace/configuration' for ITEMS.
Section \"seclens\" comes from `seclens-settings' unless
`eglot-workspace-configuration' has one.  Other servers are left
to Eglot."
    (if (seclens--eglot-server-p server)
        (seclens--configuration-answers items (cl-call-next-method))
      (cl-call-next-method)))

  (add-to-list 'eglot-server-programs
               (cons seclens-major-modes #'seclens--eglot-contact))
  (when seclens-eglot-build-files
    (add-to-list 'eglot-server-programs
                 (cons seclens-build-file-modes #'seclens--eglot-contact))))

;;;; lsp-mode

(declare-function lsp-register-client "lsp-mode" (client))
(declare-function make-lsp-client "lsp-mode" (&rest args))
(declare-function lsp-stdio-connection "lsp-mode" (command &optional test-command))
(declare-function lsp-activate-on "lsp-mode" (&rest languages))
(declare-function lsp--build-workspace-configuration-response "lsp-mode" (params))

(defun seclens--lsp-configuration (_workspace params)
  "Answer the `workspace/configuration' request with PARAMS for lsp-mode.
Section \"seclens\" gets `seclens-settings' when that is set, else
whatever `lsp-register-custom-settings' registered under \"seclens.\"."
  (let ((items (if (hash-table-p params)
                   (gethash "items" params)
                 (plist-get params :items))))
    (seclens--configuration-answers
     items (lsp--build-workspace-configuration-response params)
     seclens-settings)))

(with-eval-after-load 'lsp-mode
  (lsp-register-client
   (make-lsp-client
    :new-connection (lsp-stdio-connection (lambda () seclens-command))
    :activation-fn (lambda (file-name mode)
                     (or (funcall (lsp-activate-on "java") file-name mode)
                         (seclens-build-file-p file-name)))
    :server-id 'seclens
    :add-on? t
    :priority -1
    :request-handlers (let ((handlers (make-hash-table :test #'equal)))
                        (puthash "workspace/configuration"
                                 #'seclens--lsp-configuration handlers)
                        handlers))))

;;;; Around the analysis: project files, rule documentation

(defconst seclens--project-file-regexp
  "\\(?:\\`\\|/\\)\\(?:\\.seclens\\.json\\|\\.seclens/ignored\\.json\\)\\'"
  "SecLens's own project files: the configuration and the accepted findings.")

(defvar eglot--servers-by-project)
(declare-function eglot--path-to-uri "eglot" (path))
(declare-function jsonrpc-notify "jsonrpc" (connection method params))
(declare-function jsonrpc-request "jsonrpc" (connection method params &rest args))
(declare-function lsp-session "lsp-mode" ())
(declare-function lsp-session-folder->servers "lsp-mode" (session))
(declare-function lsp--workspace-server-id "lsp-mode" (workspace))
(declare-function lsp--path-to-uri "lsp-mode" (path))
(declare-function lsp-notify "lsp-mode" (method params))
(declare-function lsp-request "lsp-mode" (method params &rest args))
(declare-function markdown-mode "markdown-mode" ())
(declare-function lsp-diagnostics "lsp-mode" (&optional current-workspace?))
(defvar lsp--cur-workspace)

(defun seclens--eglot-servers ()
  "The running Eglot servers that are SecLens."
  (when (boundp 'eglot--servers-by-project)
    (cl-remove-if-not #'seclens--eglot-server-p
                      (cl-loop for servers being the hash-values of eglot--servers-by-project
                               append servers))))

(defun seclens--lsp-workspaces ()
  "The running lsp-mode workspaces of the SecLens server."
  (when (featurep 'lsp-mode)
    (cl-remove-duplicates
     (cl-remove-if-not (lambda (workspace) (eq (lsp--workspace-server-id workspace) 'seclens))
                       (cl-loop for workspaces being the hash-values
                                of (lsp-session-folder->servers (lsp-session))
                                append workspaces)))))

(defun seclens--save-project-files ()
  "Save the buffers of SecLens project files that a server edit left modified.
The server reads those files from disk: an unsaved change would never
reach it."
  (dolist (buffer (buffer-list))
    (let ((file (buffer-file-name buffer)))
      (when (and file (buffer-modified-p buffer)
                 (string-match-p seclens--project-file-regexp file))
        (with-current-buffer buffer
          (make-directory (file-name-directory file) t)
          ;; lsp-mode touches a created file after editing its buffer; the buffer is what counts.
          (unless (verify-visited-file-modtime buffer)
            (set-visited-file-modtime))
          (save-buffer))))))

(defun seclens--project-file-saved ()
  "Tell each SecLens server that the project file just saved changed.
This is what a file watcher would say; with it, open and closed files
are analysed again at once."
  (let ((file (and buffer-file-name (expand-file-name buffer-file-name))))
    (when (and file (string-match-p seclens--project-file-regexp file))
      (dolist (server (seclens--eglot-servers))
        (jsonrpc-notify server :workspace/didChangeWatchedFiles
                        `(:changes [(:uri ,(eglot--path-to-uri file) :type 2)])))
      (dolist (workspace (seclens--lsp-workspaces))
        (let ((lsp--cur-workspace workspace)) ; what `with-lsp-workspace' binds
          (lsp-notify "workspace/didChangeWatchedFiles"
                      `(:changes [(:uri ,(lsp--path-to-uri file) :type 2)])))))))

(add-hook 'after-save-hook #'seclens--project-file-saved)
(with-eval-after-load 'eglot
  (advice-add 'eglot--apply-workspace-edit :after
              (lambda (&rest _) (seclens--save-project-files))
              '((name . seclens-save-project-files))))
(declare-function lsp--uri-to-path "lsp-mode" (uri))

(defun seclens--lsp-create-project-files (edit &rest _)
  "Create the SecLens project files that EDIT creates, before lsp-mode applies it.
lsp-mode 8 visits a file to edit it before it runs the edit's
CreateFile operations, and a file visited in a folder that does not
exist yet is read-only: the edit would fail and leave an empty file."
  (when (hash-table-p edit)
    (seq-doseq (change (or (gethash "documentChanges" edit) []))
      (when (and (hash-table-p change) (equal (gethash "kind" change) "create"))
        (let ((file (lsp--uri-to-path (gethash "uri" change))))
          (when (and (string-match-p seclens--project-file-regexp file) (not (file-exists-p file)))
            (make-directory (file-name-directory file) t)
            (write-region "" nil file nil 'silent)))))))

(with-eval-after-load 'lsp-mode
  (advice-add 'lsp--apply-workspace-edit :before #'seclens--lsp-create-project-files)
  (advice-add 'lsp--apply-workspace-edit :after
              (lambda (&rest _) (seclens--save-project-files))
              '((name . seclens-save-project-files))))

(defun seclens--rule-at-point ()
  "The rule id of a SecLens diagnostic at point, if any."
  (or (cl-some (lambda (diag)
                 (let ((lsp (cdr (assq 'eglot-lsp-diag (flymake-diagnostic-data diag)))))
                   (and (equal (plist-get lsp :source) "seclens") (plist-get lsp :code))))
               (and (fboundp 'flymake-diagnostics) (flymake-diagnostics (point))))
      (cl-some (lambda (diag)
                 (and (equal (gethash "source" diag) "seclens")
                      (= (gethash "line" (gethash "start" (gethash "range" diag)))
                         (1- (line-number-at-pos)))
                      (gethash "code" diag)))
               (and (featurep 'lsp-mode) buffer-file-name
                    (gethash buffer-file-name (lsp-diagnostics t))))))

(defun seclens--rule-doc (rule)
  "The documentation of RULE as the SecLens server of this buffer answers it."
  (let ((params `(:command "seclens.showRuleDoc" :arguments [,rule])))
    (cond
     ((and (fboundp 'eglot-current-server) (eglot-current-server)
           (seclens--eglot-server-p (eglot-current-server)))
      (jsonrpc-request (eglot-current-server) :workspace/executeCommand params))
     ((seclens--lsp-workspaces)
      (let ((lsp--cur-workspace (car (seclens--lsp-workspaces))))
        (lsp-request "workspace/executeCommand" params)))
     (t (user-error "SecLens is not running for this buffer")))))

(defun seclens-show-rule-doc (rule)
  "Show the documentation of RULE, served by SecLens from its jar (no network).
Interactively, RULE defaults to the SecLens diagnostic at point."
  (interactive
   (let ((at-point (seclens--rule-at-point)))
     (list (read-string (if at-point (format "SecLens rule (default %s): " at-point) "SecLens rule: ")
                        nil nil at-point))))
  (let* ((answer (seclens--rule-doc rule))
         (markdown (if (hash-table-p answer) (gethash "markdown" answer) (plist-get answer :markdown)))
         (buffer (get-buffer-create (format "*SecLens rule %s*" rule))))
    (with-current-buffer buffer
      (let ((inhibit-read-only t))
        (erase-buffer)
        (insert markdown))
      (goto-char (point-min))
      (if (fboundp 'markdown-mode) (markdown-mode) (text-mode))
      (setq buffer-read-only t))
    (display-buffer buffer)
    buffer))

(provide 'seclens)
;;; seclens.el ends here
