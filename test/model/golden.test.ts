/**
 * Golden files for the model renderers, produced through the CLI. Regenerate with UPDATE_GOLDEN=1 after an
 * intended change, and review the diff.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { XMLValidator, XMLParser } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { expectCliGolden } from '../helpers/golden.js';

const GOLDEN = resolve(REPO_ROOT, 'test/model/golden');
const golden = (name: string, args: string[]) => expectCliGolden(GOLDEN, name, args);

describe('golden output', () => {
  test('model show knative-2021 --format md', () => golden('show-knative-2021.md', ['model', 'show', 'knative-2021', '--format', 'md']));
  test('model diff knative-2021 knative-2025', () => golden('diff-2021-2025.md', ['model', 'diff', 'knative-2021', 'knative-2025']));
  test('model diff --format json', () => golden('diff-2021-2025.json', ['model', 'diff', 'knative-2021', 'knative-2025', '--format', 'json']));
  test('model diagram --tenancy namespace --format dot', () =>
    golden('diagram-2021-namespace.dot', ['model', 'diagram', 'knative-2021', '--tenancy', 'namespace', '--format', 'dot']));
  test('model diagram --tenancy namespace --format mermaid', () =>
    golden('diagram-2021-namespace.mmd', ['model', 'diagram', 'knative-2021', '--tenancy', 'namespace', '--format', 'mermaid']));
  test('model diagram knative-2025 --tenancy control-plane --format dot', () =>
    golden('diagram-2025-control-plane.dot', ['model', 'diagram', 'knative-2025', '--tenancy', 'control-plane', '--format', 'dot']));
});

describe('SVG diagram', () => {
  test('writes a well-formed SVG naming the activator, autoscaler, ingress gateway and the tenant namespaces', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ktm-svg-')), 'd.svg');
    const r = await runCli(['model', 'diagram', 'knative-2021', '--tenancy', 'namespace', '--format', 'svg', '--output', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const svg = readFileSync(out, 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(svg);
    expect(doc.svg).toBeDefined();
    // Collect every text element's content.
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => decodeEntities(m[1]));
    for (const name of ['Activator', 'Autoscaler', 'Ingress gateway', 'Tenant namespace: tenant-a', 'Tenant namespace: tenant-b']) {
      expect(texts, name).toContain(name);
    }
    expect(texts).toContain('(shared, forwards for caller)');
  });
});

describe('diagram semantics', () => {
  const dot = async (args: string[]) => (await runCli(['model', 'diagram', ...args, '--format', 'dot'])).stdout;

  test('namespace tenancy draws two tenant namespaces and the shared activator reaches both', async () => {
    const d = await dot(['knative-2021', '--tenancy', 'namespace']);
    expect(d).toContain('"activator" -> "queue-proxy@tenant-a"');
    expect(d).toContain('"activator" -> "queue-proxy@tenant-b"');
    expect(d).toContain('"user-container@tenant-a" -> "activator"');
    // Inside one tenant only: no queue-proxy of tenant-a talks to tenant-b's user container directly.
    expect(d).not.toContain('"queue-proxy@tenant-a" -> "user-container@tenant-b"');
  });

  test('cluster tenancy draws one tenant', async () => {
    const d = await dot(['knative-2021', '--tenancy', 'cluster']);
    expect(d).toContain('"queue-proxy@tenant"');
    expect(d).not.toContain('tenant-b');
  });

  test('crossing flows are red and labelled with their port; caller-chosen ones dashed; shared nodes double-bordered', async () => {
    const d = await dot(['knative-2021']);
    expect(d).toMatch(/"ingress-gateway" -> "activator" \[label="8012 caller-chosen", color="#c0392b", penwidth=2[^\]]*style="dashed,bold"/);
    expect(d).toMatch(/"queue-proxy@tenant" -> "user-container@tenant" \[label="8080", tooltip=/);
    expect(d).toMatch(/"activator" \[label="Activator\\n\(shared, forwards for caller\)", peripheries=2/);
  });

  test('highlighted components and flows are drawn in the highlight colour', async () => {
    const d = await dot(['knative-2021', '--highlight', 'autoscaler,activator-to-autoscaler']);
    expect(d).toMatch(/"autoscaler" \[[^\]]*color="#1f6feb", penwidth=3/);
    expect(d).toMatch(/"activator" -> "autoscaler" \[[^\]]*color="#1f6feb", penwidth=3/);
    const bad = await runCli(['model', 'diagram', 'knative-2021', '--highlight', 'nothing', '--format', 'dot']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--highlight: no component or data flow with id "nothing"/);
  });
});

function decodeEntities(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCharCode(parseInt(n, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
