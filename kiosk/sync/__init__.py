"""Content from a git repository: `kiosk sync` fetches the curators' repository, checks a new
commit (its signature, the kiosk version it needs, the same validation as `kiosk validate`) in
a staging folder and switches the kiosk to it atomically; `kiosk rollback` goes back one
release. Pure Python driving the `git` binary; no Kivy.

Everything lives in the data folder, under content/ (kiosk.sync.releases.Layout):

    content/repository.git     a bare mirror of the branch followed
    content/releases/<commit>  one folder per release, exhibits/ and media/ inside
    content/releases/bundled   links to the checkout's folders, until the first release
    content/current            a link to the release shown, replaced by a rename
    content/sync-state.json    what the last syncs did (kiosk.sync.state)

The kiosk reads its content through content/current/exhibits and content/current/media, so
live reload (kiosk.reload) sees a switch like any saved edit.
"""
