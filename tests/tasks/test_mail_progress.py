"""A dispatch's progress artifact moves a tenth at a time as messages are answered, and ends at 100."""

from __future__ import annotations

from tasks.mail import ProgressArtifact
from tasks.mail.sender import Outcome


def test_progress_moves_in_tenths_and_ends_at_100(prefect_api: str) -> None:
    from prefect import flow, get_client
    from prefect.artifacts import create_progress_artifact
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterId

    shown: list[float] = []

    @flow
    def dispatching():  # as in dispatch-plan: the artifact is the flow run's
        artifact_id = create_progress_artifact(0.0, description="Gửi thông báo: 25 thư")
        progress = ProgressArtifact(artifact_id, 25)
        show = progress._show
        progress._show = lambda percent: (shown.append(percent), show(percent))  # watch what reaches the API
        for i in range(27):
            progress(Outcome(i, "retry" if i in (3, 4) else "sent", "250 OK"))  # a retry is not done yet
        progress.close()
        return artifact_id

    artifact_id = dispatching()
    assert shown == sorted(shown) and shown[-1] == 100.0 and 8 <= len(shown) <= 10
    assert all(b - a >= 10.0 for a, b in zip(shown[:-1], shown[1:-1], strict=False))  # the last: whatever is left
    with get_client(sync_client=True) as client:
        (artifact,) = client.read_artifacts(artifact_filter=ArtifactFilter(id=ArtifactFilterId(any_=[artifact_id])))
    assert artifact.data == 100.0
