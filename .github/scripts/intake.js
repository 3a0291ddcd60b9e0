// The GitHub side of the issue intake (.github/workflows/intake.yml), run by
// actions/github-script with the workflow's token. Nothing here runs project code or
// reads the issue's text: it reads the intake job's artifact (a manifest, the report
// and the files it wrote) as untrusted data, and talks to the GitHub API.
//
//   gate    – may this event change the submission? (the author, or a maintainer editing)
//   publish – commit the files to intake/issue-<n>, open or update one pull request
//             that closes the issue, keep one report comment on the issue and one
//             check comment on the pull request
//   cleanup – when the issue is closed: close the pull request, delete the branch
'use strict';

const fs = require('fs');
const path = require('path');

const ISSUE_MARKER = '<!-- altavoz-intake -->';
const CHECK_MARKER = '<!-- altavoz-report -->'; // the same comment comment.yml keeps
const MAX_TEXT = 60000; // GitHub refuses comments over 65536 characters
const MAX_FILE = 25 * 1024 * 1024; // the image size limit of the site
const MAX_FILES = 40;
const MAINTAINER_PERMISSIONS = new Set(['admin', 'maintain', 'write']);
// Only submission folders, with plain names: the manifest is data, never trusted.
const CONTENT_FILE = /^content\/(works\/[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*|artists\/[a-z0-9]+(?:-[a-z0-9]+)*)\/[A-Za-z0-9][A-Za-z0-9._-]{0,150}$/;

function branchFor(number) {
  return `intake/issue-${number}`;
}

function issueNumber(context) {
  const number = context.payload.issue && context.payload.issue.number;
  if (!Number.isInteger(number) || number < 1) throw new Error('not an issue event');
  return number;
}

function readSmall(dir, name, limit) {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) return null;
  const stat = fs.lstatSync(file);
  if (!stat.isFile()) throw new Error(`${name} is not a regular file`);
  if (stat.size > limit) return null;
  return fs.readFileSync(file, 'utf8');
}

// Text from the artifact: no hidden markers, no @mentions, capped.
function quoted(text) {
  return String(text || '')
    .split(ISSUE_MARKER).join('')
    .split(CHECK_MARKER).join('')
    .replace(/@/g, '@\u200b')
    .slice(0, MAX_TEXT)
    .trim();
}

function oneLine(text, limit) {
  return String(text || '').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/@/g, '@\u200b').trim().slice(0, limit);
}

async function upsertComment(github, owner, repo, issue_number, marker, body) {
  const comments = await github.paginate(github.rest.issues.listComments, {
    owner, repo, issue_number, per_page: 100,
  });
  const ours = comments.find(
    (c) => c.user && c.user.type === 'Bot' && (c.body || '').startsWith(marker),
  );
  if (ours) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: ours.id, body });
  } else {
    await github.rest.issues.createComment({ owner, repo, issue_number, body });
  }
}

async function openPull(github, owner, repo, branch) {
  const { data } = await github.rest.pulls.list({
    owner, repo, head: `${owner}:${branch}`, state: 'open', per_page: 10,
  });
  return data.find((pull) => pull.head && pull.head.ref === branch) || null;
}

async function gate({ github, context, core }) {
  const { payload } = context;
  const author = payload.issue.user.login;
  const editor = payload.sender.login;
  let proceed = false;
  let editedBy = 'author';
  if (payload.action === 'opened') {
    proceed = true;
  } else if (payload.action === 'edited') {
    if (!payload.changes || !payload.changes.body) {
      core.notice('only the title changed: the submission stays as it is');
    } else if (editor.toLowerCase() === author.toLowerCase()) {
      proceed = true;
    } else {
      const { owner, repo } = context.repo;
      const { data } = await github.rest.repos.getCollaboratorPermissionLevel({
        owner, repo, username: editor,
      });
      proceed = MAINTAINER_PERMISSIONS.has(data.permission);
      editedBy = 'maintainer';
      if (!proceed) core.notice(`${editor} is neither the author nor a maintainer: edit ignored`);
    }
  }
  core.setOutput('proceed', proceed ? 'true' : 'false');
  core.setOutput('edited-by', editedBy);
}

function checkedFiles(dir, manifest) {
  const written = Array.isArray(manifest.written) ? manifest.written : [];
  const removed = Array.isArray(manifest.removed) ? manifest.removed : [];
  if (written.length + removed.length > MAX_FILES) throw new Error('too many files in the manifest');
  for (const file of [...written, ...removed]) {
    if (typeof file !== 'string' || !CONTENT_FILE.test(file) || file.includes('..')) {
      throw new Error(`refusing a path outside the submission folders: ${JSON.stringify(file)}`);
    }
  }
  const files = written.map((file) => {
    const local = path.join(dir, 'files', file);
    const stat = fs.lstatSync(local);
    if (!stat.isFile() || stat.size > MAX_FILE) throw new Error(`${file}: not a regular file within the limit`);
    return { file, content: fs.readFileSync(local).toString('base64') };
  });
  return { files, removed: removed.filter((file) => !written.includes(file)) };
}

function pullTitle(manifest) {
  const title = oneLine(manifest.title, 80) || `#${manifest.issue}`;
  const what = { new: 'Obra nueva', update: 'Cambio de obra', withdraw: 'Retiro de obra' }[manifest.action];
  return `${what || 'Envío'}: ${title}`;
}

async function commitFiles(github, owner, repo, base, branch, manifest, changes) {
  const { data: ref } = await github.rest.git.getRef({ owner, repo, ref: `heads/${base}` });
  const parent = ref.object.sha;
  const { data: parentCommit } = await github.rest.git.getCommit({ owner, repo, commit_sha: parent });
  const tree = [];
  for (const { file, content } of changes.files) {
    const { data: blob } = await github.rest.git.createBlob({ owner, repo, content, encoding: 'base64' });
    tree.push({ path: file, mode: '100644', type: 'blob', sha: blob.sha });
  }
  for (const file of changes.removed) {
    tree.push({ path: file, mode: '100644', type: 'blob', sha: null });
  }
  const { data: newTree } = await github.rest.git.createTree({
    owner, repo, base_tree: parentCommit.tree.sha, tree,
  });
  const { data: commit } = await github.rest.git.createCommit({
    owner, repo, tree: newTree.sha, parents: [parent],
    message: `${pullTitle(manifest)}\n\nPreparado desde el issue #${manifest.issue} / Prepared from issue #${manifest.issue}`,
  });
  try {
    await github.rest.git.getRef({ owner, repo, ref: `heads/${branch}` });
    await github.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: commit.sha, force: true });
  } catch (error) {
    if (error.status !== 404) throw error;
    await github.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commit.sha });
  }
  return commit.sha;
}

async function publish({ github, context, core, dir, runUrl, checkStatus }) {
  const { owner, repo } = context.repo;
  const number = issueNumber(context);
  const manifest = JSON.parse(readSmall(dir, 'manifest.json', 256 * 1024) || '{}');
  if (manifest.issue !== number) {
    core.setFailed('the intake artifact is not about this issue');
    return;
  }
  if (!['passed', 'errors'].includes(manifest.status)) {
    core.notice('not a submission form: nothing to do');
    return;
  }
  const report = quoted(readSmall(dir, 'report.md', MAX_TEXT) || '');
  const branch = branchFor(number);
  const base = context.payload.repository.default_branch;
  let pull = await openPull(github, owner, repo, branch);

  if (manifest.status === 'passed') {
    const changes = checkedFiles(dir, manifest);
    const sha = await commitFiles(github, owner, repo, base, branch, manifest, changes);
    const body = [
      `Closes #${number}`,
      '',
      `Preparado por la intake desde el issue #${number} de @\u200b${oneLine(manifest.author, 39)}. / Prepared by the intake from issue #${number}.`,
      '',
      report,
    ].join('\n');
    if (pull) {
      await github.rest.pulls.update({ owner, repo, pull_number: pull.number, title: pullTitle(manifest), body });
    } else {
      ({ data: pull } = await github.rest.pulls.create({
        owner, repo, head: branch, base, title: pullTitle(manifest), body,
      }));
    }
    const check = quoted(readSmall(dir, 'check.md', MAX_TEXT) || '');
    const verdict = checkStatus === '0'
      ? '✅ Sin errores / No errors'
      : '❌ La revisión encontró errores / The check found errors';
    await upsertComment(github, owner, repo, pull.number, CHECK_MARKER, [
      CHECK_MARKER,
      '### Revisión automática / Automatic check',
      '',
      verdict,
      '',
      check,
      '',
      `Commit ${sha.slice(0, 12)} · [Detalles y vista previa / Details and preview](${runUrl})`,
    ].join('\n'));
  }

  let link = '';
  if (pull && manifest.status === 'passed') {
    link = `\n\nPropuesta / Pull request: #${pull.number}`;
  } else if (pull) {
    link = `\n\nLa propuesta #${pull.number} sigue con la versión anterior hasta que corrijas esto. / ` +
      `Pull request #${pull.number} keeps the previous version until this is fixed.`;
  }
  await upsertComment(github, owner, repo, number, ISSUE_MARKER, [
    ISSUE_MARKER,
    report + link,
    '',
    `[Detalles / Details](${runUrl})`,
  ].join('\n'));
  core.setOutput('pull', pull ? String(pull.number) : '');
}

async function cleanup({ github, context, core }) {
  const { owner, repo } = context.repo;
  const branch = branchFor(issueNumber(context));
  const pull = await openPull(github, owner, repo, branch);
  if (pull) {
    await github.rest.pulls.update({ owner, repo, pull_number: pull.number, state: 'closed' });
  }
  try {
    await github.rest.git.deleteRef({ owner, repo, ref: `heads/${branch}` });
  } catch (error) {
    if (error.status !== 404 && error.status !== 422) throw error;
    core.notice(`${branch} does not exist`);
  }
}

module.exports = { gate, publish, cleanup, CONTENT_FILE };
