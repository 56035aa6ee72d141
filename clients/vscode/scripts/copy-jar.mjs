// Copies the SecLens server jar into the extension (server/seclens.jar), so that the .vsix ships it,
// and the repository's LICENSE, which the marketplace page shows.
// Source: $SECLENS_JAR, else the repository's server/target/seclens.jar.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const extension = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = process.env.SECLENS_JAR
    ? resolve(process.env.SECLENS_JAR)
    : join(extension, '..', '..', 'server', 'target', 'seclens.jar');
if (!existsSync(source)) {
    console.error(`copy-jar: no server jar at ${source}.\n` +
        'Build it at the repository root with `mvn -B -pl rules,server package -DskipTests`, ' +
        'or point SECLENS_JAR at a seclens.jar.');
    process.exit(1);
}
const target = join(extension, 'server', 'seclens.jar');
mkdirSync(dirname(target), { recursive: true });
copyFileSync(source, target);
console.log(`copy-jar: ${source} -> ${target}`);
copyFileSync(join(extension, '..', '..', 'LICENSE'), join(extension, 'LICENSE'));
