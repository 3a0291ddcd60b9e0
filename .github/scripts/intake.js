// The GitHub side of the issue intake (.github/workflows/intake.yml), run by
// actions/github-script with the workflow's token. Nothing here runs project code or
// reads the issue's text: it reads the intake job's artifact (a manifest, the report
// and the files it wrote) as untrusted data, and talks to the GitHub API.
//
//   gate    – may this event change the submission? (the author, or a maintainer editing;
//             never on a closed or locked issue; within the author's limits, else one
//             polite answer)
//   publish – commit the files to intake/issue-<n>, open or update one pull request
//             that closes the issue, keep one report comment on the issue and one
//             check comment on the pull request
//   answer  – when anything before failed: say so in the same report comment
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
// The label the issue forms put on (.github/ISSUE_TEMPLATE/*.yml): the intake only
// speaks unasked on issues that carry it, so a bug report never hears about submissions.
const FORM_LABEL = 'envío';
// Limits per author; the repository variables of the same names change them.
const MAX_OPEN_ISSUES = 3; // open issues processed at once (the oldest ones)
const MAX_EVENTS_PER_HOUR = 10; // issue events that start this workflow
const WORKFLOW_FILE = 'intake.yml'; // whose runs count the events
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
    if (ours.body === body) return;
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
  if (proceed) {
    // The issue as it is now, not as the event saw it (a run may wait in a queue).
    const issue = await currentIssue(github, context);
    if (issue.state !== 'open' || issue.locked) {
      core.notice('the issue is closed or locked: nothing is opened or posted');
      proceed = false;
    } else if (editedBy === 'author') {
      const refusal = await overLimit(github, context, author, payload.issue.number);
      if (refusal) {
        core.notice(`${author} is over the intake's limits: this event is not processed`);
        proceed = false;
        if (hasFormLabel(issue)) await answerOnce(github, context, refusal);
      }
    }
  }
  core.setOutput('proceed', proceed ? 'true' : 'false');
  core.setOutput('edited-by', editedBy);
}

async function currentIssue(github, context) {
  const { owner, repo } = context.repo;
  const { data } = await github.rest.issues.get({ owner, repo, issue_number: issueNumber(context) });
  return data;
}

function hasFormLabel(issue) {
  return (issue.labels || []).some(
    (label) => String(typeof label === 'string' ? label : label.name).normalize('NFC') === FORM_LABEL,
  );
}

function limit(name, fallback) {
  const value = String(process.env[name] || '').trim();
  return /^[1-9][0-9]{0,5}$/.test(value) ? Number(value) : fallback;
}

// The answer when the author is over a limit, or '' when within both.
async function overLimit(github, context, author, number) {
  const { owner, repo } = context.repo;
  const maxEvents = limit('ALTAVOZ_INTAKE_MAX_EVENTS_PER_HOUR', MAX_EVENTS_PER_HOUR);
  const maxOpen = limit('ALTAVOZ_INTAKE_MAX_OPEN_ISSUES', MAX_OPEN_ISSUES);
  // GET /repos/{owner}/{repo}/actions/workflows/intake.yml/runs?actor=…&event=issues&created=>=…
  // counts this run too, and the events the gate then ignored.
  const since = new Date(Date.now() - 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const { data: runs } = await github.rest.actions.listWorkflowRuns({
    owner, repo, workflow_id: WORKFLOW_FILE, actor: author, event: 'issues',
    created: `>=${since}`, per_page: 1,
  });
  if (runs.total_count > maxEvents) {
    return [
      `Recibimos muchos cambios tuyos en la última hora (más de ${maxEvents}). Para que el ` +
        'sistema siga disponible para todas las personas, este cambio no se procesó. ' +
        'Espera una hora y vuelve a editar este issue: lo revisaremos entonces. Lo que ya ' +
        'habías enviado sigue igual.',
      `We received many changes from you in the last hour (more than ${maxEvents}). To keep ` +
        'the system available to everyone, this change was not processed. Wait an hour and ' +
        'edit this issue again: it will be processed then. What you sent before is unchanged.',
    ].join('\n\n');
  }
  // GET /repos/{owner}/{repo}/issues?creator=…&state=open&sort=created&direction=asc: every
  // open issue counts (one written by hand in a form's shape is processed too); pull
  // requests are listed there as well and do not. Only the oldest ones are processed.
  const { data: listed } = await github.rest.issues.listForRepo({
    owner, repo, creator: author, state: 'open', sort: 'created', direction: 'asc', per_page: 100,
  });
  const oldest = listed.filter((issue) => !issue.pull_request).slice(0, maxOpen);
  if (oldest.some((issue) => issue.number === number)) return '';
  const others = oldest.map((issue) => `#${issue.number}`).join(', ');
  return [
    `Ya tienes ${maxOpen} envíos abiertos (${others}). Para que el equipo pueda revisarlos ` +
      `con calma, procesamos hasta ${maxOpen} a la vez por persona, así que este todavía no ` +
      'se procesó. Cuando se cierre alguno de ellos, edita este issue (cualquier cambio en ' +
      'el texto basta) y lo procesaremos. ¡Gracias por tu paciencia!',
    `You already have ${maxOpen} open submissions (${others}). So the team can review them ` +
      `carefully, we process up to ${maxOpen} at a time per person, so this one was not ` +
      'processed yet. When one of them is closed, edit this issue (any change to the text ' +
      'will do) and it will be processed. Thank you for your patience!',
  ].join('\n\n');
}

// The one report comment, left alone when it already says this: an author who keeps
// going over a limit is answered once.
async function answerOnce(github, context, text) {
  const { owner, repo } = context.repo;
  await upsertComment(github, owner, repo, issueNumber(context), ISSUE_MARKER, `${ISSUE_MARKER}\n${text}`);
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
  const issue = await currentIssue(github, context);
  if (issue.state !== 'open' || issue.locked) {
    core.notice('the issue was closed or locked meanwhile: nothing is opened or posted');
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

// What the artist reads when a step before failed; nothing internal (no codes, no paths).
const FAILURES = {
  intake: [
    'No pudimos procesar tu envío por un problema de nuestro lado, no por lo que escribiste. ' +
      'El equipo ya puede verlo y lo revisará; no necesitas hacer nada por ahora.',
    'We could not process your submission because of a problem on our side, not because of ' +
      'what you wrote. The team can see it and will look into it; you do not need to do ' +
      'anything for now.',
  ],
  preview: [
    'Leímos tu envío, pero no pudimos preparar la vista previa del sitio con él. El equipo ' +
      'ya puede verlo y te escribirá aquí; no necesitas hacer nada por ahora.',
    'We read your submission, but could not prepare the preview of the site with it. The ' +
      'team can see it and will write to you here; you do not need to do anything for now.',
  ],
  publish: [
    'Revisamos tu envío, pero no pudimos abrir la propuesta para el equipo. El equipo ya ' +
      'puede verlo y te escribirá aquí; no necesitas hacer nada por ahora.',
    'We checked your submission, but could not open the pull request for the team. The ' +
      'team can see it and will write to you here; you do not need to do anything for now.',
  ],
};
const DOCUMENTED_EXITS = new Set(['0', '1', '2']); // invoke intake: ready, to fix, not ours

// The last step of the publish job, whatever happened before it: `intake` is the intake
// job's result, `status` the exit of `invoke intake`, `preview` the preview build's
// outcome, `published` the publish step's outcome.
async function answer({ github, context, core, intake, status, preview, published }) {
  if (published === 'success') return; // publish answered
  if (intake === 'success' && status === '2') return; // not a submission: nothing to say
  let what = 'intake';
  if (intake === 'success' && DOCUMENTED_EXITS.has(status)) what = 'publish';
  else if (preview === 'failure') what = 'preview';
  const issue = await currentIssue(github, context);
  if (issue.state !== 'open' || issue.locked) {
    core.notice('the issue is closed or locked: no answer');
    return;
  }
  // A crash before the form was recognised: answer only on an issue opened with a form.
  if (!['0', '1'].includes(status) && !hasFormLabel(issue)) {
    core.notice('not an issue opened with a form: no answer');
    return;
  }
  const { owner, repo } = context.repo;
  const number = issueNumber(context);
  const pull = await openPull(github, owner, repo, branchFor(number));
  const [es, en] = FAILURES[what];
  const kept = pull
    ? [` La propuesta #${pull.number} sigue con la versión anterior.`,
       ` Pull request #${pull.number} keeps the previous version.`]
    : ['', ''];
  await upsertComment(github, owner, repo, number, ISSUE_MARKER,
    [ISSUE_MARKER, `${es}${kept[0]}`, '', `${en}${kept[1]}`].join('\n'));
  core.notice(`answered on the issue: ${what} failed`);
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

module.exports = {
  gate, publish, answer, cleanup, CONTENT_FILE, FORM_LABEL, MAX_OPEN_ISSUES, MAX_EVENTS_PER_HOUR,
};
