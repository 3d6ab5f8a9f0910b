using TaskActors.Model.Identity;

namespace TaskActors.Model.Tests.Identity;

/// <summary>What is particular to slots; their format is <see cref="IdentifierRulesSpec"/>'s.</summary>
public sealed class SlotSpec
{
    [Fact]
    public void Slots_with_the_same_name_are_equal_and_render_as_their_name()
    {
        Assert.Equal(new Slot("reports"), Slot.Parse("reports"));
        Assert.Equal("reports", new Slot("reports").ToString());
    }
}
