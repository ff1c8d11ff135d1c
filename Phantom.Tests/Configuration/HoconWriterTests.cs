using FsCheck;
using FsCheck.Fluent;
using Phantom.Streams.Configuration;
using Phantom.Streams.Configuration.Hocon;

namespace Phantom.Tests.Configuration;

public class HoconWriterTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private static void AssertSameTree(HoconValue expected, HoconValue actual)
    {
        switch (expected)
        {
            case HoconObject e:
                var a = Assert.IsType<HoconObject>(actual);
                Assert.Equal(e.Keys, a.Keys);
                foreach (var key in e.Keys)
                {
                    AssertSameTree(e[key], a[key]);
                }

                break;
            case HoconArray e:
                var arr = Assert.IsType<HoconArray>(actual);
                Assert.Equal(e.Items.Count, arr.Items.Count);
                for (var i = 0; i < e.Items.Count; i++)
                {
                    AssertSameTree(e.Items[i], arr.Items[i]);
                }

                break;
            case HoconScalar e:
                var s = Assert.IsType<HoconScalar>(actual);
                Assert.Equal(e.Kind, s.Kind);
                Assert.Equal(e.Text, s.Text);
                break;
        }
    }

    [Fact]
    public void Render_ReferenceConfiguration_ParsesBackToSameTree()
    {
        var tree = Hocon.ParseText(PhantomConfiguration.ReferenceText(), "phantom.conf", environment: NoEnvironment);

        var rendered = HoconWriter.Render(tree, withOrigins: true);

        AssertSameTree(tree, Hocon.ParseText(rendered, "rendered.conf", environment: NoEnvironment));
    }

    [Fact]
    public void Render_StringsThatLookLikeOtherTypes_StayStrings()
    {
        var tree = Hocon.ParseText("a = \"10\"\nb = \"true\"\nc = \"null\"\nd = \"${x}\"\ne = 10", environment: NoEnvironment);

        var back = Hocon.ParseText(HoconWriter.Render(tree), environment: NoEnvironment);

        AssertSameTree(tree, back);
        Assert.Equal(HoconScalarKind.String, back.GetScalar("a").Kind);
        Assert.Equal(HoconScalarKind.Number, back.GetScalar("e").Kind);
    }

    [Fact]
    public void Quote_AnyString_ParsesBackUnchanged() =>
        Prop.ForAll<string>(text =>
        {
            var value = text ?? string.Empty;
            var parsed = Hocon.ParseText("k = " + HoconWriter.Quote(value), environment: NoEnvironment);
            return parsed.GetString("k") == value;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Quote_AnyKey_RoundTripsAsOnePathElement() =>
        Prop.ForAll<string>(text =>
        {
            var key = text ?? string.Empty;
            var parsed = Hocon.ParseText(HoconWriter.Quote(key) + " = 1", environment: NoEnvironment);
            return parsed.Keys.Count == 1 && parsed.Keys[0] == key;
        }).QuickCheckThrowOnFailure();
}
