using TaskActors.Model.Common;
using TaskActors.Model.Documents;

namespace TaskActors.Model.Manifests;

/// <summary>
/// Collects the errors of one read (with their positions) and remembers where each path was found, so errors
/// found later by validation (which knows paths, not positions) can be placed in the source text too.
/// </summary>
internal sealed class ReadContext
{
    private readonly Dictionary<string, SourcePosition> _positions = new(StringComparer.Ordinal);

    public ReadContext(string? sourceName, bool trackPositions = true)
    {
        SourceName = sourceName;
        TracksPositions = trackPositions;
    }

    /// <summary>False when the text carried no positions (stored events): nothing is recorded.</summary>
    public bool TracksPositions { get; }

    public string? SourceName { get; }

    public List<DocumentError> Errors { get; } = [];

    public void Record(string path, SourcePosition position)
    {
        if (TracksPositions)
        {
            _positions.TryAdd(path, position);
        }
    }

    public void Error(SourcePosition? position, string path, string message) =>
        Errors.Add(new DocumentError(SourceName, position, path, message));

    /// <summary>Adds a validation error, placed at its path or at the nearest enclosing path that was read.</summary>
    public void Add(FieldError error, string pathPrefix)
    {
        var path = error.Path;
        Error(PositionOf(path) ?? PositionOf(pathPrefix), path, string.IsNullOrEmpty(error.Allowed) ? error.Problem : $"{error.Problem} (allowed: {error.Allowed})");
    }

    /// <summary>Where <paramref name="path"/> (or the nearest enclosing path that was read) was found, if known.</summary>
    public SourcePosition? PositionOf(string path)
    {
        while (true)
        {
            if (_positions.TryGetValue(path, out var position))
            {
                return position;
            }

            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 0)
            {
                return _positions.TryGetValue(string.Empty, out var root) ? root : null;
            }

            path = path[..cut];
        }
    }
}
