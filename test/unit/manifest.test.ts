import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DESERIALIZERS, HEADER_FORMATS } from '../../src/codecs/deserializerIds';
import { COMPRESSION_DESCRIPTIONS, COMPRESSIONS } from '../../src/codecs/compression/codecs';
import { SERIALIZERS } from '../../src/codecs/serializers';
import { repoRoot } from '../harness/paths';
import { readPngHeader } from '../support/png';

/** The settings' choices in package.json and the code's lists must not drift apart. */
describe('the manifest settings', () => {
  const properties = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).contributes.configuration
    .properties as Record<string, { enum?: string[]; enumDescriptions?: string[]; default?: unknown }>;
  const choices = (name: string) => {
    const setting = properties[`kafkaExplorer.${name}`];
    assert.ok(setting, `kafkaExplorer.${name} is contributed`);
    assert.equal(setting.enumDescriptions?.length, setting.enum?.length, `every choice of ${name} is described`);
    assert.ok(setting.enum?.includes(setting.default as string), `the default of ${name} is a choice`);
    return setting.enum;
  };

  it('offers exactly the deserializers and header formats the tail panel knows', () => {
    assert.deepEqual(choices('tail.keyDeserializer'), [...DESERIALIZERS]);
    assert.deepEqual(choices('tail.valueDeserializer'), [...DESERIALIZERS]);
    assert.deepEqual(choices('tail.headerFormat'), [...HEADER_FORMATS]);
    assert.deepEqual(choices('tail.startAt'), ['latest', 'earliest']);
  });

  it('offers exactly the serializers producing knows', () => {
    assert.deepEqual(choices('produce.keySerializer'), [...SERIALIZERS]);
    assert.deepEqual(choices('produce.valueSerializer'), [...SERIALIZERS]);
    assert.deepEqual(choices('produce.compression'), [...COMPRESSIONS]);
    assert.deepEqual(
      properties['kafkaExplorer.produce.compression'].enumDescriptions,
      COMPRESSIONS.map((c) => COMPRESSION_DESCRIPTIONS[c]),
      'the pick and the setting describe the codecs alike',
    );
  });
});

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { svg?: string; image?: string; markdown?: string; altText?: string };
  completionEvents?: string[];
}

/** What the Marketplace and VS Code's extension page show, and the walkthrough's parts. */
describe("the manifest's Marketplace page and walkthrough", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const commands = new Set((manifest.contributes.commands as Array<{ command: string }>).map((c) => c.command));
  const [walkthrough] = manifest.contributes.walkthroughs as Array<{ id: string; title: string; steps: WalkthroughStep[] }>;

  it('has a 128×128 PNG icon', () => {
    assert.match(manifest.icon, /\.png$/, 'the Marketplace refuses SVG icons');
    const header = readPngHeader(fs.readFileSync(path.join(repoRoot, manifest.icon)));
    assert.deepEqual([header.width, header.height], [128, 128]);
  });

  it('has a banner colour, Marketplace categories and a few distinct keywords', () => {
    assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
    // VS Code's list of extension categories (1.99); the Marketplace files anything else nowhere.
    const categories = [
      'AI',
      'Azure',
      'Chat',
      'Data Science',
      'Debuggers',
      'Extension Packs',
      'Education',
      'Formatters',
      'Keymaps',
      'Language Packs',
      'Linters',
      'Machine Learning',
      'Notebooks',
      'Programming Languages',
      'SCM Providers',
      'Snippets',
      'Testing',
      'Themes',
      'Visualization',
      'Other',
    ];
    for (const category of manifest.categories as string[]) {
      assert.ok(categories.includes(category), `${category} is a Marketplace category`);
    }
    const keywords = manifest.keywords as string[];
    assert.equal(new Set(keywords).size, keywords.length, 'no keyword twice');
    // The Marketplace refused more than 10 tags (keywords plus what vsce derives) in 2023; this stays under any limit it has had since.
    assert.ok(keywords.length <= 10, `${keywords.length} keywords`);
  });

  it('has a walkthrough whose buttons and completion events name contributed commands', () => {
    assert.ok(walkthrough, 'contributes.walkthroughs has one');
    assert.equal(walkthrough.id, 'getStarted', 'Kafka: Get Started opens it by this id (src/extension/walkthrough.ts)');
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['addCluster', 'produce', 'tail'],
    );
    for (const step of walkthrough.steps) {
      const links = [...step.description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]);
      assert.ok(links.length > 0, `step ${step.id} has a button`);
      const awaited = (step.completionEvents ?? []).filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length));
      for (const command of [...links, ...awaited]) {
        assert.ok(commands.has(command), `step ${step.id}: ${command} is a contributed command`);
      }
      assert.ok((step.completionEvents ?? []).length > 0, `step ${step.id} says when it is done`);
      // The walkthrough renders links and **bold**, but shows `code` with its backticks.
      assert.doesNotMatch(step.description, /`/, `step ${step.id}'s description has no backticks`);
    }
  });

  it('waits for a context key the extension sets', () => {
    const source = fs.readFileSync(path.join(repoRoot, 'src/extension/walkthrough.ts'), 'utf8');
    for (const step of walkthrough.steps) {
      for (const event of (step.completionEvents ?? []).filter((e) => e.startsWith('onContext:'))) {
        assert.ok(source.includes(`'${event.slice('onContext:'.length)}'`), `${event} of step ${step.id} is set in walkthrough.ts`);
      }
    }
  });

  it('has a picture for every step, with its alternative text', () => {
    for (const step of walkthrough.steps) {
      const file = step.media.svg ?? step.media.image ?? step.media.markdown;
      assert.ok(file, `step ${step.id} has media`);
      assert.ok(fs.existsSync(path.join(repoRoot, file)), `${file} exists`);
      assert.match(file, /^media\/walkthrough\//, 'the pictures .vscodeignore lets into the .vsix');
      if (!step.media.markdown) {
        assert.ok((step.media.altText ?? '').length > 20, `step ${step.id}'s picture is described`);
      }
    }
  });

  it('has a change log with a section for the current version', () => {
    const changelog = fs.readFileSync(path.join(repoRoot, 'CHANGELOG.md'), 'utf8');
    const version = (manifest.version as string).replace(/\./g, '\\.');
    assert.match(changelog, new RegExp(`^## ${version}\\b`, 'm'), `## ${manifest.version} in CHANGELOG.md`);
  });
});
