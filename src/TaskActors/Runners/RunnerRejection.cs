using TaskActors.Tasks;

namespace TaskActors.Runners;

/// <summary>
/// Why no runner of this node could ever run a spec, as <see cref="RunnerSet.CheckSubmittable"/> returns it; the
/// TaskActor answers a submit with <c>Rejected(Kind, Message)</c> from it.
/// </summary>
/// <param name="Kind"><see cref="RejectionKind.NoRunner"/> or <see cref="RejectionKind.UnknownHandler"/>.</param>
/// <param name="Message">The reason in words, naming the workload kind, the selector or the handler.</param>
public sealed record RunnerRejection(RejectionKind Kind, string Message);
