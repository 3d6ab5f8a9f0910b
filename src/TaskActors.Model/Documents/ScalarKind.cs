namespace TaskActors.Model.Documents;

/// <summary>
/// The resolved type of a <see cref="DocScalar"/>. Exact from the token for JSON; for YAML, quoted and block
/// scalars are <see cref="String"/> and plain scalars follow the YAML 1.2 core schema (see <see cref="DocumentParser"/>).
/// </summary>
public enum ScalarKind
{
    /// <summary>A string.</summary>
    String,

    /// <summary>A number; <see cref="DocScalar.Text"/> holds its number text.</summary>
    Number,

    /// <summary>A boolean; <see cref="DocScalar.Text"/> is <c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>Null; <see cref="DocScalar.Text"/> is <c>null</c>.</summary>
    Null,
}
