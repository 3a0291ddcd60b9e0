"""A site without issue forms of its own reads Altavoz's, shipped in the package.

A community that installs Altavoz (a wheel, not this checkout) and keeps only content/ and
a pelicanconf.py still has the phone path: the intake reads the forms and their labels'
history carried as package data. A repository with its own forms folder gets exactly the
forms it keeps there.
"""

from __future__ import annotations

import shutil

from altavoz_submit.intake import form, run_intake
from intake_support import (
    artists_project,
    attached_photos,
    event,
    new_work_body,
)


def test_the_shipped_forms_are_this_repository_s_forms(tmp_path):
    shipped = form.load_forms(tmp_path)  # an empty folder: no .github at all
    here = form.load_forms(form.Path(__file__).resolve().parent.parent)
    assert [f.name for f in shipped] == list(form.ACTIONS) == [f.name for f in here]
    assert shipped == here  # fields, labels, options and every earlier label
    assert any(field.earlier for f in shipped for field in f.fields)  # the history came too


def test_a_site_without_forms_still_turns_an_issue_into_a_submission(tmp_path):
    project = artists_project(tmp_path)
    shutil.rmtree(project / ".github")
    body = new_work_body(alt="Un mural")
    outcome = run_intake(project, event(body), attachments_dir=attached_photos(tmp_path))
    assert outcome.code == 0, outcome.report
    assert (project / "content/works/luz-mendoza/raices-de-maiz/index.md").is_file()


def test_a_site_with_its_own_forms_folder_gets_only_the_forms_it_keeps(tmp_path):
    project = artists_project(tmp_path)
    for name in ("evento-nuevo", "cambiar-evento"):  # a site with no agenda
        (project / f".github/ISSUE_TEMPLATE/{name}.yml").unlink()
    assert [f.name for f in form.load_forms(project)] == [
        "obra-nueva",
        "actualizar-obra",
        "retirar-obra",
    ]
