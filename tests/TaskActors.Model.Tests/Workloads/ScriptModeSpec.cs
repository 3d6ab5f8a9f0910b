using System.Text;
using TaskActors.Model.Common;
using TaskActors.Model.Workloads;

namespace TaskActors.Model.Tests.Workloads;

public sealed class ScriptModeSpec
{
    private const string Path = "spec.workload.subprocess";
    private const string BodyPath = "spec.workload.subprocess.script.body";
    private const string BodyAllowed = "standard base64 of a UTF-8 script, at most 2 MiB decoded";

    private static ScriptMode WithBody(string body) => new(ScriptRuntime.Bash, body, ValueList<string>.Empty);

    private static ScriptMode WithBytes(int count) => WithBody(Convert.ToBase64String(Enumerable.Repeat((byte)'a', count).ToArray()));

    [Fact]
    public void A_small_script_is_valid()
    {
        Assert.Empty(ScriptMode.FromText(ScriptRuntime.Bash, "echo hello").Validate(Path));
    }

    [Fact]
    public void An_empty_body_is_rejected_naming_body()
    {
        var error = Assert.Single(WithBody("").Validate(Path));

        Assert.Equal(BodyPath, error.Path);
        Assert.Equal("must not be empty", error.Problem);
        Assert.Equal(BodyAllowed, error.Allowed);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("ZWNobw=")]
    [InlineData("Z")]
    [InlineData("ZWNo*G8=")]
    public void A_body_that_is_not_base64_is_rejected(string body)
    {
        var error = Assert.Single(WithBody(body).Validate(Path));

        Assert.Equal(BodyPath, error.Path);
        Assert.Equal("is not valid base64", error.Problem);
        Assert.Equal(BodyAllowed, error.Allowed);
    }

    [Fact]
    public void A_body_that_is_not_UTF8_is_rejected()
    {
        var error = Assert.Single(WithBody(Convert.ToBase64String([0x65, 0x63, 0xFF, 0xFE, 0x68])).Validate(Path));

        Assert.Equal(BodyPath, error.Path);
        Assert.Equal("does not decode to UTF-8 text", error.Problem);
    }

    [Fact]
    public void A_body_of_exactly_2_MiB_decoded_is_accepted()
    {
        Assert.Equal(2 * 1024 * 1024, ScriptMode.MaxBodyBytes);

        Assert.Empty(WithBytes(ScriptMode.MaxBodyBytes).Validate(Path));
    }

    [Fact]
    public void A_body_one_byte_over_2_MiB_decoded_is_rejected_naming_the_size()
    {
        var error = Assert.Single(WithBytes(ScriptMode.MaxBodyBytes + 1).Validate(Path));

        Assert.Equal(BodyPath, error.Path);
        Assert.Equal("decodes to 2097153 bytes, more than the maximum 2097152", error.Problem);
    }

    [Fact]
    public void A_far_too_large_body_is_rejected_from_its_length_alone()
    {
        var error = Assert.Single(WithBytes(3 * 1024 * 1024).Validate(Path));

        Assert.Equal("decodes to about 3145728 bytes, more than the maximum 2097152", error.Problem);
    }

    [Fact]
    public void A_far_too_large_body_is_rejected_even_when_it_is_not_base64()
    {
        var error = Assert.Single(WithBody(new string('!', 4 * 1024 * 1024)).Validate(Path));

        Assert.StartsWith("decodes to about ", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_custom_runtime_is_validated_under_script_runtime()
    {
        var mode = new ScriptMode(ScriptRuntime.Custom("", ""), "", ValueList<string>.Empty);

        var errors = mode.Validate(Path).ToList();

        Assert.Equal(
            ["spec.workload.subprocess.script.runtime.custom.command", "spec.workload.subprocess.script.runtime.custom.flag", BodyPath],
            errors.Select(e => e.Path));
    }

    [Theory]
    [InlineData("echo hello")]
    [InlineData("#!/bin/bash\nprintf 'héllo wörld ✓ 🚀\\n'\n")]
    [InlineData("x")]
    public void FromText_and_DecodeBody_round_trip_the_script(string script)
    {
        var mode = ScriptMode.FromText(ScriptRuntime.Python, script, "a", "b");

        Assert.Equal(script, mode.DecodeBody());
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes(script)), mode.Body);
        Assert.Equal(ScriptRuntime.Python, mode.Runtime);
        Assert.Equal(["a", "b"], mode.Args);
    }

    [Fact]
    public void The_body_is_standard_base64_of_the_UTF8_text()
    {
        Assert.Equal("ZWNobyBoaQ==", ScriptMode.FromText(ScriptRuntime.Bash, "echo hi").Body);
    }

    [Fact]
    public void Decoding_a_body_that_is_not_base64_throws_FormatException()
    {
        Assert.Throws<FormatException>(() => WithBody("not base64!").DecodeBody());
    }

    // DecodeBody documents "throws FormatException if it is not valid base64 of UTF-8"; for non-UTF-8 bytes the strict
    // UTF8Encoding throws DecoderFallbackException, which is an ArgumentException, not a FormatException.
    [Fact]
    public void Decoding_a_body_that_is_not_UTF8_throws_FormatException_as_documented()
    {
        var mode = WithBody(Convert.ToBase64String([0xFF, 0xFE]));

        Assert.ThrowsAny<FormatException>(() => mode.DecodeBody());
    }

    // A body of only white space is not empty text, but Convert.FromBase64String ignores white space, so it decodes
    // to a zero-byte script. The rule is "body non-empty" (solti-spec A.13): the decoded script must not be empty.
    [Theory]
    [InlineData(" ")]
    [InlineData("\n")]
    [InlineData("  \r\n  ")]
    public void A_body_of_only_white_space_is_rejected_as_empty(string body)
    {
        var error = Assert.Single(WithBody(body).Validate(Path));

        Assert.Equal(BodyPath, error.Path);
    }

    // Convert.FromBase64String accepts line-wrapped base64 (the default output of the `base64` tool, 76 columns), and
    // small wrapped bodies are accepted. The size pre-check counts the line breaks as base64 characters, so a wrapped
    // body that decodes to exactly 2 MiB is rejected as "about 2 124 ... bytes" although it is within the limit.
    [Fact]
    public void A_line_wrapped_body_of_exactly_2_MiB_decoded_is_accepted()
    {
        var encoded = Convert.ToBase64String(Enumerable.Repeat((byte)'a', ScriptMode.MaxBodyBytes).ToArray(), Base64FormattingOptions.InsertLineBreaks);
        var mode = WithBody(encoded);

        Assert.Equal(ScriptMode.MaxBodyBytes, Convert.FromBase64String(mode.Body).Length);
        Assert.Empty(mode.Validate(Path));
    }

    [Fact]
    public void A_small_line_wrapped_body_is_accepted()
    {
        var encoded = Convert.ToBase64String(Enumerable.Repeat((byte)'a', 1000).ToArray(), Base64FormattingOptions.InsertLineBreaks);

        Assert.Contains('\n', encoded);
        Assert.Empty(WithBody(encoded).Validate(Path));
    }
}
