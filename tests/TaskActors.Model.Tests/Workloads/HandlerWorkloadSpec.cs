using System.Text.Json;
using TaskActors.Model.Workloads;

namespace TaskActors.Model.Tests.Workloads;

public sealed class HandlerWorkloadSpec
{
    private const string Path = "spec.workload";

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    [Theory]
    [InlineData("send-invoice")]
    [InlineData("Billing.SendInvoice_v2")]
    [InlineData("x")]
    public void A_handler_with_a_well_formed_name_is_valid(string name)
    {
        var handler = HandlerWorkload.Create(name, new { invoice = 42 });

        Assert.Equal("handler", handler.Kind);
        Assert.Empty(handler.Validate(Path));
    }

    [Fact]
    public void A_name_of_128_characters_is_accepted_and_129_is_rejected()
    {
        Assert.Empty(HandlerWorkload.Create(new string('h', 128)).Validate(Path));

        var error = Assert.Single(HandlerWorkload.Create(new string('h', 129)).Validate(Path));
        Assert.Equal("spec.workload.handler.name", error.Path);
        Assert.EndsWith("is 129 characters long, longer than the maximum 128", error.Problem, StringComparison.Ordinal);
        Assert.Equal("1 to 128 characters from A-Z a-z 0-9 . _ -, not '.' or '..'", error.Allowed);
    }

    [Theory]
    [InlineData("", "'' must not be empty")]
    [InlineData("send invoice", "'send invoice' contains the character U+0020 at position 5")]
    [InlineData("billing/send", "'billing/send' contains '/' at position 8")]
    [InlineData("..", "'..' must not be '..'")]
    public void A_badly_formed_name_is_rejected_naming_handler_name(string name, string problem)
    {
        var error = Assert.Single(HandlerWorkload.Create(name).Validate(Path));

        Assert.Equal("spec.workload.handler.name", error.Path);
        Assert.Equal(problem, error.Problem);
    }

    [Fact]
    public void Create_serializes_the_input_to_JSON()
    {
        var handler = HandlerWorkload.Create("send-invoice", new { invoice = 42, to = "a@b.c" });

        Assert.NotNull(handler.Input);
        Assert.Equal(42, handler.Input.Value.GetProperty("invoice").GetInt32());
        Assert.Equal("a@b.c", handler.Input.Value.GetProperty("to").GetString());
        Assert.Null(HandlerWorkload.Create("send-invoice").Input);
    }

    [Fact]
    public void Handlers_with_deeply_equal_inputs_are_equal_whatever_the_formatting_and_property_order()
    {
        var first = new HandlerWorkload("send-invoice", Json("""{"invoice":42,"lines":[{"sku":"a","qty":1}],"to":"x"}"""));
        var second = new HandlerWorkload("send-invoice", Json("""{ "to": "x", "lines": [ { "qty": 1, "sku": "a" } ], "invoice": 42 }"""));

        Assert.Equal(first, second);
        Assert.True(first == second);
        Assert.True(first.Equals((object)second));
    }

    [Fact]
    public void A_created_input_equals_the_same_input_parsed_from_JSON()
    {
        Assert.Equal(
            HandlerWorkload.Create("h", new { a = 1, b = new[] { "x", "y" } }),
            new HandlerWorkload("h", Json("""{"b":["x","y"],"a":1}""")));
    }

    [Fact]
    public void Handlers_differing_in_name_or_in_any_part_of_the_input_are_not_equal()
    {
        var handler = new HandlerWorkload("h", Json("""{"a":{"b":[1,2]}}"""));

        Assert.NotEqual(handler, new HandlerWorkload("g", Json("""{"a":{"b":[1,2]}}""")));
        Assert.NotEqual(handler, new HandlerWorkload("h", Json("""{"a":{"b":[2,1]}}""")));
        Assert.NotEqual(handler, new HandlerWorkload("h", Json("""{"a":{"b":[1,2]},"c":null}""")));
        Assert.NotEqual(handler, new HandlerWorkload("h", Json("""{"a":{"b":[1,"2"]}}""")));
        Assert.NotEqual(handler, new HandlerWorkload("h", null));
        Assert.NotEqual(new HandlerWorkload("h", null), handler);
    }

    [Fact]
    public void Handlers_without_input_are_equal()
    {
        Assert.Equal(new HandlerWorkload("h", null), HandlerWorkload.Create("h"));
        Assert.Equal(new HandlerWorkload("h", null).GetHashCode(), HandlerWorkload.Create("h").GetHashCode());
    }

    [Fact]
    public void Equal_handlers_with_identically_written_inputs_have_equal_hash_codes()
    {
        var first = new HandlerWorkload("h", Json("""{"a":1,"b":2}"""));
        var second = new HandlerWorkload("h", Json("""{"b":2,"a":1}"""));

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    // Equals uses JsonElement.DeepEquals, but GetHashCode hashes the length of the raw JSON text, so two equal
    // handlers whose inputs differ only in white space (or in number spelling, 1 vs 1.0) hash differently and a
    // HashSet / Dictionary treats them as distinct.
    [Fact]
    public void Equal_handlers_have_equal_hash_codes_whatever_the_formatting_of_the_input()
    {
        var compact = new HandlerWorkload("h", Json("""{"a":1,"b":[1,2]}"""));
        var spaced = new HandlerWorkload("h", Json("""{ "a" : 1, "b" : [ 1, 2 ] }"""));

        Assert.Equal(compact, spaced);
        Assert.Equal(compact.GetHashCode(), spaced.GetHashCode());
        Assert.Single(new HashSet<HandlerWorkload> { compact, spaced });
    }
}
