// The `seclens` settings as the server receives them. No `vscode` import: unit-tested with node's test runner.

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const CONFIDENCES = ['low', 'medium', 'high'] as const;

export type Severity = (typeof SEVERITIES)[number];
export type Confidence = (typeof CONFIDENCES)[number];

/** One rule's override: off, or on with an optional severity replacing the rule's own. */
export interface RuleOverride {
    enabled: boolean;
    severity?: Severity;
}

/** The `seclens` configuration section sent to the server. */
export interface ServerSettings {
    enable: boolean;
    /** Keyed by rule id, such as "java/weak-hash"; rules not listed keep their defaults. */
    rules: Record<string, RuleOverride>;
    /** Only when the user set it: otherwise the project's .seclens.json (or the server default) decides. */
    minimumConfidence?: Confidence;
    /** OSV advisory files or folders, absolute or relative to the workspace folder, added to the bundled ones. */
    advisories?: string[];
    /** Budgets, only when the user set them: otherwise .seclens.json or the server's defaults decide. */
    analysisTimeoutMs?: number;
    maxFileSize?: number;
    /** Read by the server once, at start (it comes with initializationOptions). */
    analysisThreads?: number;
    /** Whether the server scans the closed files of the workspace in the background (read at start). */
    workspaceScan?: boolean;
    /** Whose data the injection rules treat as untrusted, only when the user set it. */
    threatModels?: ThreatModel[];
}

const THREAT_MODELS = ['remote', 'local', 'database', 'api'] as const;
export type ThreatModel = typeof THREAT_MODELS[number];

/** The settings as VS Code hands them over: anything the user typed. */
export interface RawSettings {
    enable?: unknown;
    rules?: unknown;
    minimumConfidence?: unknown;
    advisories?: unknown;
    analysisTimeoutMs?: unknown;
    maxFileSize?: unknown;
    analysisThreads?: unknown;
    workspaceScan?: unknown;
    threatModels?: unknown;
}

/** The budgets a user may set, each a whole number in its range. */
const BUDGETS = {
    analysisTimeoutMs: { min: 1, max: 600000 },
    maxFileSize: { min: 1024, max: Number.MAX_SAFE_INTEGER },
    analysisThreads: { min: 1, max: 16 },
} as const;

export const DEFAULT_SETTINGS: ServerSettings = { enable: true, rules: {} };

const RULE_ID = /^[a-z0-9-]+\/[a-z0-9-]+$/;

/**
 * Normalises the user's settings: every rule override becomes `{enabled, severity?}`, whichever of
 * the accepted spellings was used (`false`, `"off"`, `"high"`, `{ "severity": "high" }`, ...), and
 * anything invalid is dropped, with a warning saying what and why.
 */
export function toServerSettings(raw: RawSettings): { settings: ServerSettings; warnings: string[] } {
    const warnings: string[] = [];

    let enable = DEFAULT_SETTINGS.enable;
    if (typeof raw.enable === 'boolean') {
        enable = raw.enable;
    } else if (raw.enable !== undefined && raw.enable !== null) {
        warnings.push(`seclens.enable must be true or false, not ${JSON.stringify(raw.enable)}: using true.`);
    }

    let minimumConfidence: Confidence | undefined;
    if (typeof raw.minimumConfidence === 'string' && isOneOf(CONFIDENCES, raw.minimumConfidence.toLowerCase())) {
        minimumConfidence = raw.minimumConfidence.toLowerCase() as Confidence;
    } else if (raw.minimumConfidence !== undefined && raw.minimumConfidence !== null) {
        warnings.push(`seclens.minimumConfidence must be one of ${CONFIDENCES.join(', ')}, ` +
            `not ${JSON.stringify(raw.minimumConfidence)}: ignored.`);
    }

    const rules: Record<string, RuleOverride> = {};
    if (isPlainObject(raw.rules)) {
        for (const [id, value] of Object.entries(raw.rules)) {
            if (!RULE_ID.test(id)) {
                warnings.push(`seclens.rules: "${id}" is not a rule id such as java/weak-hash: ignored.`);
                continue;
            }
            const override = ruleOverride(value);
            if (override) {
                rules[id] = override;
            } else {
                warnings.push(`seclens.rules: ${JSON.stringify(value)} for ${id} is not true, false, "on", "off", ` +
                    `a severity (${SEVERITIES.join(', ')}) or {"enabled", "severity"}: ignored.`);
            }
        }
    } else if (raw.rules !== undefined && raw.rules !== null) {
        warnings.push('seclens.rules must be an object keyed by rule id: ignored.');
    }

    let advisories: string[] | undefined;
    if (Array.isArray(raw.advisories)) {
        advisories = raw.advisories.filter((p): p is string => typeof p === 'string' && p.trim() !== '');
        if (advisories.length !== raw.advisories.length) {
            warnings.push('seclens.advisories: entries that are not paths were ignored.');
        }
    } else if (raw.advisories !== undefined && raw.advisories !== null) {
        warnings.push('seclens.advisories must be a list of paths: ignored.');
    }

    const settings: ServerSettings = { enable, rules };
    if (minimumConfidence !== undefined) {
        settings.minimumConfidence = minimumConfidence;
    }
    if (advisories !== undefined && advisories.length > 0) {
        settings.advisories = advisories;
    }
    for (const [key, range] of Object.entries(BUDGETS) as [keyof typeof BUDGETS, { min: number; max: number }][]) {
        const value = raw[key];
        if (typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max) {
            settings[key] = value;
        } else if (value !== undefined && value !== null) {
            warnings.push(`seclens.${key} must be a whole number from ${range.min}` +
                (range.max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${range.max}`) +
                `, not ${JSON.stringify(value)}: ignored.`);
        }
    }
    if (typeof raw.workspaceScan === 'boolean') {
        settings.workspaceScan = raw.workspaceScan;
    } else if (raw.workspaceScan !== undefined && raw.workspaceScan !== null) {
        warnings.push(`seclens.workspaceScan must be true or false, not ${JSON.stringify(raw.workspaceScan)}: ignored.`);
    }
    if (Array.isArray(raw.threatModels) && raw.threatModels.length > 0
            && raw.threatModels.every(m => (THREAT_MODELS as readonly unknown[]).includes(m))) {
        settings.threatModels = raw.threatModels as ThreatModel[];
    } else if (raw.threatModels !== undefined && raw.threatModels !== null) {
        warnings.push(`seclens.threatModels must be a non-empty list of ${THREAT_MODELS.join(', ')}, not ` +
            `${JSON.stringify(raw.threatModels)}: ignored.`);
    }
    return { settings, warnings };
}

function ruleOverride(value: unknown): RuleOverride | undefined {
    if (typeof value === 'boolean') {
        return { enabled: value };
    }
    if (typeof value === 'string') {
        const text = value.trim().toLowerCase();
        if (text === 'on') {
            return { enabled: true };
        }
        if (text === 'off') {
            return { enabled: false };
        }
        return isOneOf(SEVERITIES, text) ? { enabled: true, severity: text } : undefined;
    }
    if (isPlainObject(value)) {
        const { enabled, severity, ...rest } = value;
        if (Object.keys(rest).length > 0) {
            return undefined;
        }
        if (enabled !== undefined && typeof enabled !== 'boolean') {
            return undefined;
        }
        if (severity === undefined) {
            return { enabled: enabled ?? true };
        }
        if (typeof severity !== 'string' || !isOneOf(SEVERITIES, severity.toLowerCase())) {
            return undefined;
        }
        return { enabled: enabled ?? true, severity: severity.toLowerCase() as Severity };
    }
    return undefined;
}

/**
 * The answer to one item of a workspace/configuration request: the whole section for "seclens", one
 * setting for "seclens.<name>", and undefined (not ours) for anything else.
 */
export function configurationFor(section: string | undefined, settings: ServerSettings): unknown {
    if (section === 'seclens') {
        return settings;
    }
    if (section?.startsWith('seclens.')) {
        const key = section.slice('seclens.'.length);
        return Object.prototype.hasOwnProperty.call(settings, key)
            ? (settings as unknown as Record<string, unknown>)[key]
            : null;
    }
    return undefined;
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
    return (values as readonly string[]).includes(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
