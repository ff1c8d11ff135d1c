using FsCheck;
using FsCheck.Fluent;
using Phantom.Streams.Flow;
using static Phantom.Tests.Codec.CodecTestData;

namespace Phantom.Tests.Codec;

public class InteractionEventParserPropertyTests
{
    [Fact]
    public void TryParse_ArbitraryBytes_NeverThrowsAndEitherParsesOrGivesReason()
    {
        var parser = NewParser();
        var bytes = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).ToArbitrary();

        Prop.ForAll(bytes, record => Consistent(parser, record)).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TryParse_MutatedValidRecords_NeverThrowsAndEitherParsesOrGivesReason()
    {
        // Random bytes are almost never near-valid JSON; mutations of a real event reach the deeper paths.
        var parser = NewParser();
        var seed = Utf8(ContractExample.Replace("\"dwellTime\":1200", "\"dwellTime\":\"1.2e3\",\"x\":\"\\u00e9\\n\""));
        var interesting = new[] { (byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)'"', (byte)'\\', (byte)':', (byte)',', (byte)'u', (byte)'0', (byte)' ', (byte)0xC3, (byte)0xFF };
        var mutation =
            from position in Gen.Choose(0, seed.Length - 1)
            from kind in Gen.Choose(0, 3)
            from value in Gen.Elements(interesting)
            select (position, kind, value);
        var mutated = Gen.ListOf(mutation).Select(ms => Apply(seed, ms)).ToArbitrary();

        Prop.ForAll(mutated, record => Consistent(parser, record)).QuickCheckThrowOnFailure();
    }

    private static bool Consistent(Streams.Codec.InteractionEventParser parser, byte[] record)
    {
        var ok = parser.TryParse(record, IngestMs, out var e, out var reason);
        return ok ? reason == RejectReason.None : reason != RejectReason.None && e.ProductIndex == -1;
    }

    private static byte[] Apply(byte[] seed, IEnumerable<(int Position, int Kind, byte Value)> mutations)
    {
        var bytes = new List<byte>(seed);
        foreach (var (position, kind, value) in mutations)
        {
            if (bytes.Count == 0)
            {
                break;
            }

            var at = position % bytes.Count;
            switch (kind)
            {
                case 0:
                    bytes[at] = value;
                    break;
                case 1:
                    bytes.Insert(at, value);
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return bytes.ToArray();
    }
}
