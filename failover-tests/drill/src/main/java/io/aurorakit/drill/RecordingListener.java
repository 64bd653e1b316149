package io.aurorakit.drill;

import io.aurorakit.retry.FailoverEvent;
import io.aurorakit.retry.FailureKind;
import io.aurorakit.retry.FailoverListener;

/** Feeds the library's failover and retry events into the drill's {@link DrillRecorder}. */
final class RecordingListener implements FailoverListener {

    private final DrillRecorder recorder;

    RecordingListener(DrillRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void onEvent(FailoverEvent event) {
        recorder.sawFailure(event.kind() == FailureKind.CONNECTION_CHANGED
                || event.kind() == FailureKind.OUTCOME_UNKNOWN, event.retrying());
    }
}
