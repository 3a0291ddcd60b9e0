// A fake GitHub API for .github/scripts/intake.js (run by tests/test_intake_workflow.py).
//
//   node fake_github.js SCRIPT FUNCTION STATE_FILE
//
// STATE_FILE holds the repository's issue, comments, pull requests and settings as JSON;
// the run updates it, so several runs can follow one another as a workflow's jobs do.
// Time is the fake's too: a script's sleep returns at once and moves the fake clock,
// and what happens meanwhile (state.meanwhile: after so many sleeps, a comment, a closed
// issue, an edit of this issue, or another job's function run) happens then.
// The git data API (refs, commits, trees, blobs) is served by a real bare repository
// (state.git) through git's plumbing commands, so a test reads the result with
// `git ls-tree`. Every call the script makes is printed, as JSON, on the last line.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const [scriptPath, functionName, stateFile] = process.argv.slice(2);
const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
const calls = [];
const record = (kind, args) => calls.push([kind, args]);
const failure = (status, message) => Object.assign(new Error(message), { status });

// ------------------------------------------------------------------ git, for real

const GIT_ENV = {
  PATH: process.env.PATH,
  HOME: os.tmpdir(),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'github-actions[bot]',
  GIT_AUTHOR_EMAIL: 'bot@invalid',
  GIT_COMMITTER_NAME: 'github-actions[bot]',
  GIT_COMMITTER_EMAIL: 'bot@invalid',
};

function git(args, { input, env } = {}) {
  return execFileSync('git', ['--git-dir', state.git, ...args], {
    input, env: { ...GIT_ENV, ...(env || {}) }, maxBuffer: 64 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'pipe'],
  }).toString('utf8');
}

const fullRef = (ref) => (ref.startsWith('refs/') ? ref : `refs/${ref}`);

function resolve(ref) {
  try {
    return git(['rev-parse', '--verify', '--quiet', `${fullRef(ref)}^{commit}`]).trim();
  } catch (error) {
    return null;
  }
}

// GitHub refuses these paths in a tree (and git would too).
function badPath(name) {
  const parts = String(name).split('/');
  return parts.some((part) => ['', '.', '..', '.git'].includes(part.toLowerCase()));
}

// The state a concurrent run of another issue leaves on a branch: its own folder added.
function concurrentWrite() {
  const race = state.race;
  delete state.race;
  const head = resolve(race.ref);
  const blob = git(['hash-object', '-w', '--stdin'], { input: Buffer.from('other') }).trim();
  const index = path.join(os.tmpdir(), `fake-index-${process.pid}-race`);
  const env = { GIT_INDEX_FILE: index };
  git(head ? ['read-tree', head] : ['read-tree', '--empty'], { env });
  git(['update-index', '--add', '--cacheinfo', `100644,${blob},${race.folder}/other.jpg`], { env });
  const tree = git(['write-tree'], { env }).trim();
  fs.rmSync(index, { force: true });
  const parents = head ? ['-p', head] : [];
  const commit = git(['commit-tree', tree, ...parents, '-m', 'another issue'], {}).trim();
  git(['update-ref', fullRef(race.ref), commit]);
}

function maybeRace(ref) {
  if (state.race && fullRef(state.race.ref) === fullRef(ref)) concurrentWrite();
}

const gitApi = {
  getRef: async ({ ref }) => {
    const sha = resolve(ref);
    if (!sha) throw failure(404, 'Not Found');
    return { data: { ref: fullRef(ref), object: { sha, type: 'commit' } } };
  },
  getCommit: async ({ commit_sha }) => {
    const text = git(['cat-file', 'commit', commit_sha]);
    const tree = /^tree ([0-9a-f]{40})$/m.exec(text)[1];
    const parents = [...text.matchAll(/^parent ([0-9a-f]{40})$/gm)].map((m) => ({ sha: m[1] }));
    return { data: { sha: commit_sha, tree: { sha: tree }, parents } };
  },
  getTree: async ({ tree_sha, recursive }) => {
    const out = git(['ls-tree', ...(recursive ? ['-r', '-t'] : []), '-z', tree_sha]);
    const tree = out.split('\0').filter(Boolean).map((line) => {
      const [meta, name] = line.split('\t');
      const [mode, type, sha] = meta.split(' ');
      return { path: name, mode, type, sha };
    });
    return { data: { sha: tree_sha, tree, truncated: false } };
  },
  createBlob: async (args) => {
    record('blob', args);
    const bytes = Buffer.from(args.content, args.encoding === 'base64' ? 'base64' : 'utf8');
    const sha = git(['hash-object', '-w', '--stdin'], { input: bytes }).trim();
    return { data: { sha } };
  },
  // As GitHub: entries on top of base_tree (or alone), nested paths allowed, a null sha
  // deletes (and deleting what is not there is refused).
  createTree: async (args) => {
    record('tree', args);
    const index = path.join(os.tmpdir(), `fake-index-${process.pid}-${calls.length}`);
    const env = { GIT_INDEX_FILE: index };
    try {
      git(args.base_tree ? ['read-tree', args.base_tree] : ['read-tree', '--empty'], { env });
      for (const entry of args.tree) {
        if (badPath(entry.path)) throw failure(422, `Invalid tree path: ${entry.path}`);
        const present = git(['ls-files', '-z', '--', entry.path], { env }).split('\0').filter(Boolean);
        if (entry.sha === null && !present.length) {
          throw failure(422, `GitRPC::BadObjectState: ${entry.path}`);
        }
        // Mode 0 removes a path from the index (no work tree is needed).
        const removal = present.map((file) => `0 ${'0'.repeat(40)}\t${file}\n`).join('');
        if (removal) git(['update-index', '-z', '--index-info'], { env, input: removal.replace(/\n/g, '\0') });
        if (entry.sha === null) continue;
        if (entry.type === 'tree') {
          const inside = git(['ls-tree', '-r', '-z', entry.sha]).split('\0').filter(Boolean)
            .map((line) => {
              const [meta, name] = line.split('\t');
              const [mode, , sha] = meta.split(' ');
              return `${mode} ${sha}\t${entry.path}/${name}\0`;
            });
          git(['update-index', '-z', '--index-info'], { env, input: inside.join('') });
        } else {
          git(['update-index', '--add', '--cacheinfo', `${entry.mode},${entry.sha},${entry.path}`], { env });
        }
      }
      return { data: { sha: git(['write-tree'], { env }).trim() } };
    } finally {
      fs.rmSync(index, { force: true });
    }
  },
  createCommit: async (args) => {
    record('commit', args);
    const parents = (args.parents || []).flatMap((sha) => ['-p', sha]);
    const sha = git(['commit-tree', args.tree, ...parents, '-F', '-'], { input: args.message }).trim();
    return { data: { sha, tree: { sha: args.tree } } };
  },
  updateRef: async (args) => {
    record('updateRef', args);
    maybeRace(args.ref);
    const old = resolve(args.ref);
    if (!old) throw failure(422, 'Reference does not exist');
    if (!args.force && old !== args.sha) {
      try {
        git(['merge-base', '--is-ancestor', old, args.sha]);
      } catch (error) {
        throw failure(422, 'Update is not a fast forward');
      }
    }
    git(['update-ref', fullRef(args.ref), args.sha, old]);
    return { data: {} };
  },
  createRef: async (args) => {
    record('createRef', args);
    maybeRace(args.ref);
    if (!args.ref.startsWith('refs/')) throw failure(422, 'Reference name must start with refs/');
    if (resolve(args.ref)) throw failure(422, 'Reference already exists');
    git(['update-ref', args.ref, args.sha, '0'.repeat(40)]);
    return { data: {} };
  },
  deleteRef: async (args) => {
    record('deleteRef', args);
    if (!resolve(args.ref)) throw failure(422, 'Reference does not exist');
    git(['update-ref', '-d', fullRef(args.ref)]);
    return { data: {} };
  },
};

// ------------------------------------------------------------------ the rest of the API

// state.fail names a call that answers 500, as GitHub does when it has a bad minute.
const failing = (name, fn) => async (args) => {
  if (state.fail === name) {
    record(name, args);
    throw failure(500, 'Server Error');
  }
  return fn(args);
};

const issue = () => ({ state: 'open', locked: false, labels: [{ name: 'envío' }], ...state.issue });
const comments = (number) => (state.comments[number] = state.comments[number] || []);

const github = {
  rest: {
    actions: {
      // GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs
      listWorkflowRuns: async (args) => {
        record('runs', args);
        return { data: { total_count: state.runs[args.actor] || 0, workflow_runs: [] } };
      },
    },
    repos: {
      getCollaboratorPermissionLevel: async ({ username }) => {
        calls.push(['permission', username]);
        // GitHub answers 404 for an account it does not know as a user (deleted since the
        // event, an app's bot): a test names it with the permission 404.
        if (state.permissions[username] === 404) throw failure(404, 'Not Found');
        return { data: { permission: state.permissions[username] || 'read' } };
      },
    },
    git: gitApi,
    pulls: {
      list: async ({ head, state: wanted }) => ({
        data: state.pulls.filter(
          (p) => `${state.owner}:${p.head.ref}` === head && (p.state || 'open') === wanted),
      }),
      create: failing('createPull', async (args) => {
        record('createPull', args);
        const pull = { number: state.nextPull++, head: { ref: args.head }, state: 'open' };
        state.pulls.push(pull);
        return { data: pull };
      }),
      update: async (args) => {
        record('updatePull', args);
        const pull = state.pulls.find((p) => p.number === args.pull_number);
        if (pull && args.state) pull.state = args.state;
        return { data: pull };
      },
    },
    issues: {
      // GET /repos/{owner}/{repo}/issues/{issue_number}
      // state.issueStatus: the status GitHub answers instead (410 gone, 404, 403 for a token
      // without `issues: read`).
      get: async ({ issue_number }) => {
        if (state.issueStatus) throw failure(state.issueStatus, 'Not readable');
        return { data: { ...issue(), number: issue_number } };
      },
      // GET /repos/{owner}/{repo}/issues?creator=…&state=…: issues and pull requests, with
      // their labels (the form's unless given), last change (now unless given) and number
      // of comments
      listForRepo: failing('listIssues', async (args) => {
        record('listIssues', args);
        // state.unfiltered: an API that did not filter by the creator asked for
        const mine = state.open.filter(
          (i) => args.state === 'open' && (i.state || 'open') === 'open' &&
            (state.unfiltered || i.user.login === args.creator));
        mine.sort((a, b) => (args.direction === 'asc' ? a.number - b.number : b.number - a.number));
        return {
          data: mine.slice(0, args.per_page).map((i) => ({
            labels: [{ name: 'envío' }], updated_at: new Date(clock).toISOString(),
            comments: comments(i.number).length, ...i,
          })),
        };
      }),
      // GET /repos/{owner}/{repo}/issues/{issue_number}/comments?per_page=…&page=…
      listComments: async (args) => {
        record('listComments', args);
        const from = (args.page - 1) * args.per_page;
        return { data: comments(args.issue_number).slice(from, from + args.per_page).map((c) => ({ ...c })) };
      },
      updateComment: async (args) => {
        record('updateComment', args);
        if (state.removedMeanwhile === args.comment_id) { // by another job, just before
          delete state.removedMeanwhile;
          for (const list of Object.values(state.comments)) {
            const at = list.findIndex((c) => c.id === args.comment_id);
            if (at >= 0) list.splice(at, 1);
          }
        }
        for (const list of Object.values(state.comments)) {
          const found = list.find((c) => c.id === args.comment_id);
          if (found) {
            found.body = args.body;
            return { data: found };
          }
        }
        throw failure(404, 'Not Found');
      },
      deleteComment: async (args) => {
        record('deleteComment', args);
        for (const list of Object.values(state.comments)) {
          const at = list.findIndex((c) => c.id === args.comment_id);
          if (at >= 0) {
            list.splice(at, 1);
            return { data: {} };
          }
        }
        throw failure(404, 'Not Found');
      },
      createComment: failing('createComment', async (args) => {
        record('createComment', args);
        // state.alsoCreated: another job's comment, written between this job's reading of
        // the comments and this creation (both found none).
        const also = state.alsoCreated;
        if (also && also.issue === args.issue_number) {
          comments(args.issue_number).push({
            id: state.nextComment++, user: { login: 'github-actions[bot]', type: 'Bot' }, body: also.body,
          });
          delete state.alsoCreated;
        }
        comments(args.issue_number).push({
          id: state.nextComment++, user: { login: 'github-actions[bot]', type: 'Bot' }, body: args.body,
        });
      }),
    },
  },
  paginate: async (method, { issue_number }) => comments(issue_number).map((c) => ({ ...c })),
};

const core = {
  setFailed: (m) => calls.push(['failed', m]),
  notice: (m) => calls.push(['notice', m]),
  warning: (m) => calls.push(['warning', m]),
  setOutput: (k, v) => calls.push(['output', k, v]),
};
// The run's commit (GITHUB_SHA: the default branch when the event came), as github-script
// gives it; none when the state names none.
const context = { repo: { owner: state.owner, repo: state.repo }, payload: state.payload, sha: state.sha };

const script = require(scriptPath);
let clock = Date.parse('2026-03-14T10:30:00Z');
let sleeps = 0;
const timer = {
  now: () => clock,
  sleep: async (ms) => {
    record('sleep', ms);
    clock += ms;
    sleeps += 1;
    for (const event of (state.meanwhile || []).filter((e) => e.after === sleeps)) {
      if (event.comment) {
        comments(event.comment.issue).push({
          id: state.nextComment++, user: { login: 'github-actions[bot]', type: 'Bot' }, ...event.comment,
        });
      }
      if (event.close) state.open.find((i) => i.number === event.close).state = 'closed';
      if (event.edit) state.issue.body = event.edit; // the author edits this issue meanwhile
      if (event.run) {
        const other = { repo: context.repo, payload: event.payload, sha: context.sha };
        await script[event.run]({ github, context: other, core, ...event.args });
      }
    }
  },
};

script[functionName]({ github, context, core, timer, ...state.args })
  .catch((e) => calls.push(['threw', String(e.message || e)]))
  .then(() => {
    fs.writeFileSync(stateFile, JSON.stringify(state));
    console.log(JSON.stringify(calls));
  });
