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
;;   (use-package seclens
;;     :load-path "/path/to/seclens/clients/emacs"
;;     :custom (seclens-command '("java" "-jar" "/path/to/seclens.jar" "lsp"))
;;     :hook (java-mode . eglot-ensure))

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

(provide 'seclens)
;;; seclens.el ends here
