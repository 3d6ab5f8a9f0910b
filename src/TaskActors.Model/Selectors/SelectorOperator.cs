namespace TaskActors.Model.Selectors;

/// <summary>The operator of a <see cref="SelectorRequirement"/>; serialized as its name (<c>In</c>, <c>NotIn</c>, ...).</summary>
public enum SelectorOperator
{
    /// <summary>The key is present and its value is one of the values.</summary>
    In,

    /// <summary>The key is absent, or its value is none of the values.</summary>
    NotIn,

    /// <summary>The key is present (values must be empty).</summary>
    Exists,

    /// <summary>The key is absent (values must be empty).</summary>
    DoesNotExist,
}
