namespace TaskActors.Model.Policies;

/// <summary>
/// What a submission does when its slot already has an active owner (running, waiting out a backoff, or
/// waiting for its next periodic run). Serialized as <c>dropIfRunning</c>, <c>queue</c>, <c>replace</c>.
/// </summary>
public enum AdmissionPolicy
{
    /// <summary>Reject the newcomer with <c>SlotBusy</c>; the owner is untouched.</summary>
    DropIfRunning,

    /// <summary>Append the newcomer to the slot's FIFO queue (bounded; beyond it <c>QueueFull</c>); it starts when the owner is terminal.</summary>
    Queue,

    /// <summary>Cancel the owner (it ends Canceled); the newcomer owns the slot once the old attempt has really stopped.</summary>
    Replace,
}
