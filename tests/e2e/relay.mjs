// A relay of the test's own, and a team of two tablets on it, for the tests that sync.
import { expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from './helpers.mjs';
import { targetDir } from '../playwright.config.mjs';

const root = new URL('../..', import.meta.url).pathname;

/** A relay with an empty store of its own; resolves with its URL and setup link. */
export function startRelay(port) {
  const data = mkdtempSync(join(tmpdir(), 'rapport-relay-'));
  const child = spawn(join(targetDir, 'release/rapport-server'),
    ['--port', String(port), '--dist', join(root, 'dist'), '--data', data], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const link = out.match(/(http:\/\/\S+\/setup#code=[0-9a-f]{32})/);
      if (link) resolve({ base: `http://127.0.0.1:${port}`, setup: link[1], stop: () => { child.kill(); rmSync(data, { recursive: true, force: true }); } });
    });
    child.on('exit', () => reject(new Error(`relay exited: ${out}`)));
  });
}

/** Tablet A creates the team from the setup link; returns A's invite link. */
export async function createTeam(pageA, relay, name = 'Outreach tablet 1') {
  await pageA.goto(relay.setup);
  await pageA.getByLabel(/^Tablet name/).fill(name);
  await pageA.getByRole('button', { name: 'Create team' }).click();
  await expect(pageA.getByRole('heading', { level: 1, name: 'Team' })).toBeVisible();
  await expect(pageA.locator('header [data-sync]')).toHaveText(/^Synced at \d\d:\d\d$/, { timeout: 30_000 });
}

/** A invites; tablet B opens the link and joins under `name`. */
export async function joinTeam(pageA, pageB, name = 'Outreach tablet 2') {
  await pageA.getByRole('button', { name: 'Create an invite' }).click();
  const link = await pageA.getByLabel('Invite link', { exact: true }).inputValue();
  await open(pageB, '/partners');
  await pageB.goto(link);
  await pageB.getByLabel(/^Tablet name/).fill(name);
  await pageB.getByRole('button', { name: 'Join team' }).click();
  await expect(pageB.locator('header [data-sync]')).toHaveText(/^Synced at/, { timeout: 30_000 });
}
