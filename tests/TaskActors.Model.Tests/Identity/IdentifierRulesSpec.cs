using TaskActors.Model.Common;
using TaskActors.Model.Identity;

namespace TaskActors.Model.Tests.Identity;

/// <summary>
/// The identifier format of <see cref="IdentifierRules"/>, checked once for every kind that uses it: task ids
/// (at most 256 characters, errors at <c>metadata.id</c>) and slot names (at most 64, errors at <c>spec.slot</c>).
/// Each case runs for each kind, through its own Check, Parse and Validate.
/// </summary>
public sealed class IdentifierRulesSpec
{
    public static TheoryData<string> Kinds => new(IdentifierKind.All.Keys);

    public static TheoryData<string, string> ValidNames => Cross(["build.frontend", "nightly-report", "reports", "my_job-1", "a", "A_z-0.9", "...", ".hidden"]);

    public static TheoryData<string, string, string> BadNames
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var kind in IdentifierKind.All.Keys)
            {
                foreach (var (name, problem) in new[]
                         {
                             ("", "must not be empty"),
                             (".", "must not be '.'"),
                             ("..", "must not be '..'"),
                             ("build/frontend", "contains '/' at position 6"),
                             ("build frontend", "contains the character U+0020 at position 6"),
                             ("build\nfrontend", "contains the character U+000A at position 6"),
                             ("build\tfrontend", "contains the character U+0009 at position 6"),
                             ("сборка", "contains 'с' at position 1"),
                             ("job:1", "contains ':' at position 4"),
                             ("job*", "contains '*' at position 4"),
                         })
                {
                    data.Add(kind, name, problem);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Names_made_of_the_allowed_characters_are_accepted(string kind, string name)
    {
        var rules = IdentifierKind.All[kind];

        Assert.Null(rules.Check(name));
        Assert.Equal(name, rules.Parse(name));
        Assert.Null(rules.Validate(name, null));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_name_of_exactly_the_maximum_length_is_accepted_and_one_more_is_rejected_naming_both(string kind)
    {
        var rules = IdentifierKind.All[kind];

        Assert.Null(rules.Check(new string('a', rules.MaxLength)));
        Assert.Equal($"is {rules.MaxLength + 1} characters long, longer than the maximum {rules.MaxLength}", rules.Check(new string('a', rules.MaxLength + 1)));
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public void Bad_names_are_rejected_naming_the_problem(string kind, string name, string problem)
    {
        Assert.Equal(problem, IdentifierKind.All[kind].Check(name));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_null_name_is_rejected_as_empty(string kind)
    {
        Assert.Equal("must not be empty", IdentifierKind.All[kind].Check(null));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Parse_throws_a_FormatException_naming_the_kind_the_name_the_problem_and_what_is_allowed(string kind)
    {
        var rules = IdentifierKind.All[kind];

        var error = Assert.Throws<FormatException>(() => rules.Parse("a/b"));

        Assert.Equal($"{kind} 'a/b' contains '/' at position 2 (allowed: {rules.Allowed})", error.Message);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Validate_reports_a_field_error_at_the_kinds_path_by_default_and_at_a_given_path(string kind)
    {
        var rules = IdentifierKind.All[kind];

        var atDefault = rules.Validate("a b", null);
        var atGiven = rules.Validate("..", "items[3].x");

        Assert.NotNull(atDefault);
        Assert.Equal(rules.DefaultPath, atDefault.Path);
        Assert.Equal("'a b' contains the character U+0020 at position 2", atDefault.Problem);
        Assert.Equal(rules.Allowed, atDefault.Allowed);
        Assert.NotNull(atGiven);
        Assert.Equal("items[3].x", atGiven.Path);
        Assert.Equal("'..' must not be '..'", atGiven.Problem);
    }

    [Fact]
    public void The_allowed_text_names_the_maximum_length()
    {
        Assert.Equal("1 to 256 characters from A-Z a-z 0-9 . _ -, not '.' or '..'", IdentifierKind.All["task id"].Allowed);
        Assert.Equal("1 to 64 characters from A-Z a-z 0-9 . _ -, not '.' or '..'", IdentifierKind.All["slot"].Allowed);
    }

    private static TheoryData<string, string> Cross(string[] names)
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in IdentifierKind.All.Keys)
        {
            foreach (var name in names)
            {
                data.Add(kind, name);
            }
        }

        return data;
    }

    /// <summary>One kind of identifier: its limit, its default error path and its Check/Parse/Validate.</summary>
    private sealed record IdentifierKind(
        int MaxLength,
        string DefaultPath,
        Func<string?, string?> Check,
        Func<string, string> Parse,
        Func<string, string?, FieldError?> Validate)
    {
        public static IReadOnlyDictionary<string, IdentifierKind> All { get; } = new Dictionary<string, IdentifierKind>
        {
            ["task id"] = new(TaskId.MaxLength, "metadata.id", TaskId.Check, v => TaskId.Parse(v).Value,
                (v, path) => path is null ? new TaskId(v).Validate() : new TaskId(v).Validate(path)),
            ["slot"] = new(Slot.MaxLength, "spec.slot", Slot.Check, v => Slot.Parse(v).Value,
                (v, path) => path is null ? new Slot(v).Validate() : new Slot(v).Validate(path)),
        };

        public string Allowed => IdentifierRules.Allowed(MaxLength);
    }
}
