package dev.seclens.rules.ast;

import java.util.List;
import java.util.Set;

/**
 * Whether an identifier names a secret (a token, password, key, salt, nonce, session id, ...),
 * judged on its words, so {@code resetToken} and {@code SESSION_ID} count and {@code monkey},
 * {@code author} or {@code retryDelay} do not.
 */
public final class SecretNames {
    private static final Set<String> SECRET_WORDS = Set.of("token", "password", "passwd", "pwd", "passphrase",
            "secret", "session", "sessionid", "key", "salt", "nonce", "otp", "totp", "hotp", "iv", "csrf", "xsrf",
            "cookie", "auth", "credential", "credentials", "pin", "captcha", "challenge", "apikey", "mfa");
    /** Words that make "code" a secret: a verification code is, a status code is not. */
    private static final Set<String> CODE_QUALIFIERS = Set.of("verification", "verify", "activation", "reset",
            "confirm", "confirmation", "sms", "login", "access", "recovery", "invite", "invitation", "auth", "otp");
    /** Words that mark a harmless use of randomness or of a secret-sounding word. */
    private static final Set<String> HARMLESS_WORDS = Set.of("jitter", "delay", "backoff", "sleep", "retry",
            "timeout", "shuffle", "sample", "sampling", "game", "dice", "roll", "color", "colour", "index", "idx",
            "cache", "partition", "shard", "bucket", "weight", "noise", "animation", "mock", "dummy", "fake", "demo",
            "sort", "row", "offset", "latency", "wait", "pick", "choice", "count", "size", "length", "position",
            "chance", "probability", "percent", "score", "player", "level", "expiry", "expiration", "ttl", "name",
            "header", "param", "parameter", "field", "label", "hint", "prompt", "message", "regex", "pattern",
            "policy", "url", "uri", "path", "file", "type", "format", "prefix", "suffix", "endpoint", "property",
            "attribute", "placeholder", "title", "description", "column", "primary", "foreign", "map", "lookup",
            "registry", "unique", "idempotency", "route", "routing", "event", "domain", "max", "age", "version",
            "charset", "encoding", "algorithm", "alg", "provider", "mode", "scheme", "spec", "store", "alias", "dir",
            "directory", "location", "host", "port", "keyword", "generator", "validator", "encoder", "factory",
            "manager", "service", "repository", "request", "response", "class", "method", "strength", "rule",
            // what checks, handles or builds a credential is not one: a CredentialsMatcher, a TokenVerifier
            "matcher", "checker", "verifier", "handler", "listener", "filter", "builder", "parser", "converter",
            "loader", "serializer", "deserializer", "extractor", "interceptor", "realm");

    /** Words that name a credential on their own: a literal put there is a hard-coded secret. */
    private static final Set<String> CREDENTIAL_WORDS = Set.of("password", "passwd", "pwd", "passphrase", "secret",
            "token", "apikey", "credential", "credentials");
    /** "key" names a credential only with one of these: an api key is, a map key is not. */
    private static final Set<String> KEY_QUALIFIERS = Set.of("api", "secret", "private", "signing", "encryption",
            "master", "access", "auth", "hmac", "jwt", "aes", "client", "license", "crypto", "cipher");

    /** Words that make "token" an access credential rather than a lexer's or parser's token. */
    private static final Set<String> TOKEN_QUALIFIERS = Set.of("access", "refresh", "auth", "bearer", "api", "id",
            "session", "csrf", "xsrf", "oauth", "jwt", "secret", "security", "personal", "github", "gitlab", "slack",
            "npm", "service", "client", "admin", "master", "private", "reset", "verification", "invite");

    /** Words that name a payment card's number or verification code on their own. */
    private static final Set<String> CARD_WORDS = Set.of("cvv", "cvc", "cvv2", "cvc2", "pan", "creditcard", "ccnumber",
            "ccn", "iban");
    private static final Set<String> CARD_NUMBER_WORDS = Set.of("number", "num", "no", "nr", "pan");
    /**
     * Words that name a personal identifier: logging it is a privacy matter, not a leaked credential.
     * A UUID is not one: it is the pseudonymous id privacy rules recommend logging instead.
     */
    private static final Set<String> PERSONAL_WORDS = Set.of("email", "username", "phone", "msisdn");

    private SecretNames() {
    }

    /** Whether the identifier names a payment card number or its verification code: cardNumber, cvv, pan. */
    public static boolean isPaymentCard(String identifier) {
        List<String> words = Identifiers.words(identifier);
        if (words.stream().anyMatch(CARD_WORDS::contains)) {
            return true;
        }
        int card = words.indexOf("card");
        return card >= 0 && (words.stream().anyMatch(CARD_NUMBER_WORDS::contains)
                || card > 0 && words.get(card - 1).equals("credit"));
    }

    /** Whether the identifier names a session id: sessionId, SESSION_ID, jsessionid. */
    public static boolean isSessionId(String identifier) {
        List<String> words = Identifiers.words(identifier);
        return words.contains("sessionid") || words.contains("jsessionid")
                || Identifiers.hasCompound(words, Set.of("sessionid"));
    }

    /** Whether the identifier names a personal identifier: an email address, user name or phone number. */
    public static boolean isPersonalIdentifier(String identifier) {
        List<String> words = Identifiers.words(identifier);
        return words.stream().anyMatch(PERSONAL_WORDS::contains)
                || Identifiers.hasCompound(words, Set.of("username", "mailaddress", "phonenumber"));
    }

    /**
     * Whether the name is a credential only by the bare word "token", which also names a lexer's
     * tokens: a literal put there is a secret only if it looks like one.
     */
    public static boolean isBareToken(String identifier) {
        List<String> words = Identifiers.words(identifier);
        return words.contains("token") && words.stream().noneMatch(TOKEN_QUALIFIERS::contains)
                && words.stream().noneMatch(w -> !w.equals("token") && CREDENTIAL_WORDS.contains(w));
    }

    /**
     * Narrower than {@link #isSecret}: whether the identifier names a credential (password, secret,
     * token, api or signing key). A salt, nonce or session id is secret when generated but not a
     * credential when written in the code; a bare "key" is usually a map or property key.
     */
    public static boolean isCredential(String identifier) {
        List<String> words = Identifiers.words(identifier);
        if (words.stream().anyMatch(HARMLESS_WORDS::contains)) {
            return false;
        }
        return words.stream().anyMatch(CREDENTIAL_WORDS::contains) || isQualifiedKey(words);
    }

    /**
     * "key" after a word that makes it a credential: an api key, a private key; not
     * {@code KEY_APPLICATION_PRIVATE}, the key something private is kept under.
     */
    private static boolean isQualifiedKey(List<String> words) {
        int key = words.lastIndexOf("key");
        for (int i = 0; i < key; i++) {
            if (KEY_QUALIFIERS.contains(words.get(i))) return true;
        }
        return false;
    }

    public static boolean isSecret(String identifier) {
        List<String> words = Identifiers.words(identifier);
        if (words.stream().anyMatch(HARMLESS_WORDS::contains) && !isSecretCompound(words)) {
            return false;
        }
        return words.stream().anyMatch(SECRET_WORDS::contains) || isSecretCompound(words);
    }

    /** "session id" and "verification code" are secrets even though "id" and "code" alone are not. */
    private static boolean isSecretCompound(List<String> words) {
        for (int i = 0; i + 1 < words.size(); i++) {
            String w = words.get(i);
            String next = words.get(i + 1);
            if (w.equals("session") && next.equals("id")) return true;
        }
        return words.contains("code") && words.stream().anyMatch(CODE_QUALIFIERS::contains);
    }
}
