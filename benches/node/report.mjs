// Formatting of times, ratios and Markdown tables, and the facts about the machine and
// the checkout that the report's Setup section lists.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

/** Formats milliseconds with three significant digits in ns, µs, ms or s. */
export function formatTime(ms) {
  const units = [
    [1e-3, 1e6, 'ns'],
    [1, 1e3, 'µs'],
    [1e3, 1, 'ms'],
  ];
  for (const [limit, scale, unit] of units) {
    if (ms < limit) {
      return `${Number((ms * scale).toPrecision(3))} ${unit}`;
    }
  }
  return `${Number((ms / 1e3).toPrecision(3))} s`;
}

/** Formats a ratio as `1.23×`, `12.3×` or `123×`. */
export function formatRatio(ratio) {
  if (ratio >= 100) {
    return `${Math.round(ratio)}×`;
  }
  return `${ratio.toPrecision(3)}×`;
}

/** Formats an integer with thousands separators. */
export function formatCount(count) {
  return count.toLocaleString('en-US');
}

/** Formats a timing as `median (min)`. */
export function formatTiming(timing) {
  return `${formatTime(timing.median)} (${formatTime(timing.min)})`;
}

/** Renders a Markdown table. `align` gives `l` or `r` for each column. */
export function markdownTable(header, rows, align) {
  const separator = align.map((side) => (side === 'r' ? '---:' : '---'));
  const lines = [header, separator, ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  return lines.join('\n');
}

function runCommand(command, args, cwd) {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function cpuModel() {
  try {
    const match = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m);
    if (match) {
      return match[1].trim();
    }
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

/** Describes the machine for the Setup section: cores, CPU model, memory and kernel. */
export function describeMachine() {
  const processors = runCommand('nproc', []) ?? String(os.availableParallelism());
  const memoryGiB = Math.round(os.totalmem() / 2 ** 30);
  return `${processors} cores (\`nproc\`), CPU model \`${cpuModel()}\`, ${memoryGiB} GiB of memory, ${os.type()} ${os.release()}`;
}

/** Returns the 1-minute load average with two decimals. */
export function loadAverage() {
  return os.loadavg()[0].toFixed(2);
}

/** Describes the commit of the checkout at `root` and whether tracked files have uncommitted changes. */
export function describeCommit(root) {
  const commit = runCommand('git', ['rev-parse', '--short', 'HEAD'], root);
  if (commit === null) {
    return 'unknown (not a git checkout)';
  }
  const changes = runCommand('git', ['status', '--porcelain', '--untracked-files=no'], root);
  return changes ? `\`${commit}\` with uncommitted changes` : `\`${commit}\``;
}

/** Reads the `version` field of an installed package from its package.json file. */
export function installedVersion(nodeModules, name) {
  // Reading the file directly works for packages whose "exports" map hides package.json.
  return JSON.parse(readFileSync(join(nodeModules, name, 'package.json'), 'utf8')).version;
}
