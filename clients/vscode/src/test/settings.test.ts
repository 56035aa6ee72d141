import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configurationFor, DEFAULT_SETTINGS, toServerSettings } from '../settings';

describe('toServerSettings', () => {
    it('gives the defaults for VS Code defaults and for nothing', () => {
        assert.deepEqual(toServerSettings({ enable: true, rules: {} }), { settings: DEFAULT_SETTINGS, warnings: [] });
        assert.deepEqual(toServerSettings({}), { settings: DEFAULT_SETTINGS, warnings: [] });
    });

    it('leaves minimumConfidence out unless the user set it, so .seclens.json decides', () => {
        assert.equal('minimumConfidence' in toServerSettings({ enable: true }).settings, false);
        assert.equal(toServerSettings({ minimumConfidence: 'low' }).settings.minimumConfidence, 'low');
    });

    it('passes enable and minimumConfidence through', () => {
        const { settings, warnings } = toServerSettings({ enable: false, minimumConfidence: 'HIGH' });
        assert.deepEqual(settings, { enable: false, rules: {}, minimumConfidence: 'high' });
        assert.deepEqual(warnings, []);
    });

    it('passes threat models through only when the user set a valid list', () => {
        assert.deepEqual(toServerSettings({ threatModels: ['remote', 'local'] }).settings.threatModels, ['remote', 'local']);
        assert.deepEqual(toServerSettings({ threatModels: ['remote', 'api'] }).settings.threatModels, ['remote', 'api']);
        assert.equal('threatModels' in toServerSettings({}).settings, false);
        const { settings, warnings } = toServerSettings({ threatModels: ['remote', 'intranet'] });
        assert.equal('threatModels' in settings, false);
        assert.equal(warnings.length, 1);
    });

    it('passes advisory paths through, dropping what is not a path', () => {
        assert.deepEqual(toServerSettings({ advisories: ['osv', '/srv/ghsa'] }).settings.advisories, ['osv', '/srv/ghsa']);
        assert.equal('advisories' in toServerSettings({ advisories: [] }).settings, false);
        const { settings, warnings } = toServerSettings({ advisories: ['osv', 3, ''] });
        assert.deepEqual(settings.advisories, ['osv']);
        assert.deepEqual(warnings, ['seclens.advisories: entries that are not paths were ignored.']);
        assert.deepEqual(toServerSettings({ advisories: 'osv' }).warnings, ['seclens.advisories must be a list of paths: ignored.']);
    });

    it('passes the budgets only when set, and only whole numbers in range', () => {
        assert.deepEqual(toServerSettings({ analysisTimeoutMs: 1500, maxFileSize: 4096, analysisThreads: 3 }).settings,
            { enable: true, rules: {}, analysisTimeoutMs: 1500, maxFileSize: 4096, analysisThreads: 3 });
        assert.equal('analysisTimeoutMs' in toServerSettings({ analysisTimeoutMs: null }).settings, false);
        const { settings, warnings } = toServerSettings({ analysisTimeoutMs: 0, maxFileSize: 1.5, analysisThreads: 17 });
        assert.deepEqual(settings, DEFAULT_SETTINGS);
        assert.equal(warnings.length, 3);
        assert.match(warnings[0], /seclens\.analysisTimeoutMs must be a whole number from 1 to 600000/);
        assert.match(warnings[1], /seclens\.maxFileSize must be a whole number from 1024 up/);
    });

    it('passes workspaceScan only when it is a boolean', () => {
        assert.equal(toServerSettings({ workspaceScan: false }).settings.workspaceScan, false);
        assert.equal('workspaceScan' in toServerSettings({}).settings, false);
        assert.deepEqual(toServerSettings({ workspaceScan: 'no' }).warnings,
            ['seclens.workspaceScan must be true or false, not "no": ignored.']);
    });

    it('turns every spelling of a rule override into {enabled, severity}', () => {
        const { settings, warnings } = toServerSettings({
            rules: {
                'java/weak-hash': 'high',
                'java/insecure-cookie': false,
                'java/sql-injection': true,
                'java/weak-cipher': 'off',
                'java/predictable-random': 'On',
                'java/hardcoded-credential': { severity: 'Critical' },
                'java/a': { enabled: false },
                'java/b': { enabled: false, severity: 'low' },
                'java/c': {},
            },
        });
        assert.deepEqual(warnings, []);
        assert.deepEqual(settings.rules, {
            'java/weak-hash': { enabled: true, severity: 'high' },
            'java/insecure-cookie': { enabled: false },
            'java/sql-injection': { enabled: true },
            'java/weak-cipher': { enabled: false },
            'java/predictable-random': { enabled: true },
            'java/hardcoded-credential': { enabled: true, severity: 'critical' },
            'java/a': { enabled: false },
            'java/b': { enabled: false, severity: 'low' },
            'java/c': { enabled: true },
        });
    });

    it('drops what it cannot read, with a warning for each', () => {
        const { settings, warnings } = toServerSettings({
            enable: 'yes',
            minimumConfidence: 'certain',
            rules: {
                'weak-hash': false,
                'java/weak-hash': 'severe',
                'java/weak-cipher': 3,
                'java/sql-injection': { enabled: 'no' },
                'java/insecure-cookie': { severity: 'high', colour: 'red' },
                'java/predictable-random': 'low',
            },
        });
        assert.deepEqual(settings, {
            enable: true,
            rules: { 'java/predictable-random': { enabled: true, severity: 'low' } },
        });
        assert.equal(warnings.length, 7);
        assert.match(warnings[0], /seclens\.enable/);
        assert.match(warnings[1], /seclens\.minimumConfidence/);
        assert.match(warnings[2], /"weak-hash" is not a rule id/);
        assert.match(warnings[3], /"severe" for java\/weak-hash/);
    });

    it('ignores rules that are not an object', () => {
        const { settings, warnings } = toServerSettings({ rules: ['java/weak-hash'] });
        assert.deepEqual(settings.rules, {});
        assert.deepEqual(warnings, ['seclens.rules must be an object keyed by rule id: ignored.']);
    });
});

describe('configurationFor', () => {
    const settings = toServerSettings({ rules: { 'java/weak-hash': 'off' }, minimumConfidence: 'medium' }).settings;

    it('answers the seclens section and its settings', () => {
        assert.deepEqual(configurationFor('seclens', settings), settings);
        assert.equal(configurationFor('seclens.minimumConfidence', settings), 'medium');
        assert.deepEqual(configurationFor('seclens.rules', settings), { 'java/weak-hash': { enabled: false } });
        assert.equal(configurationFor('seclens.unknown', settings), null);
    });

    it('leaves other sections to VS Code', () => {
        assert.equal(configurationFor('java', settings), undefined);
        assert.equal(configurationFor(undefined, settings), undefined);
        assert.equal(configurationFor('seclensx', settings), undefined);
    });
});
