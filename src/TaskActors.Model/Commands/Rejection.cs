namespace TaskActors.Model.Commands;

/// <summary>A refused command: <paramref name="Kind"/> for code to switch on, <paramref name="Message"/> for people.</summary>
/// <param name="Kind">Why, as a kind.</param>
/// <param name="Message">Why, in words: names the task, the slot or the rule.</param>
public sealed record Rejection(RejectionKind Kind, string Message);
