package io.aurorakit.drill;

import io.aurorakit.retry.FailoverEvent;
import io.aurorakit.retry.FailoverListener;

/** Feeds the library's failover and retry events into the drill's {@link DrillRecorder}. */
final class RecordingListener implements FailoverListener {

    private final DrillRecorder recorder;

    RecordingListener(DrillRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void onEvent(FailoverEvent event) {
        recorder.sawFailure(event.kind() == FailoverEvent.Kind.CONNECTION_CHANGED_08S02
                || event.kind() == FailoverEvent.Kind.OUTCOME_UNKNOWN_08007, event.retrying());
    }
}
