using System.Buffers.Binary;
using Phantom.Streams.Events;
using Phantom.Streams.Sessions;

namespace Phantom.Tests.Sessions;

public class SessionSnapshotTests
{
    // Small limits so that random sessions spill every tally and fill the overflow sketches.
    private static readonly SessionModel Model = TestEvents.Model(session => session.MaxTrackedUniques = 9);

    [Fact]
    public void TryRestore_SeededRandomSessions_IdenticalStateAndIdenticalFuture()
    {
        var slab = new SessionStateSlab();
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var original = new SessionEntity(1, "s" + seed, Model);
            var t = TestEvents.T0 + random.Next(0, 86_400_000);
            var length = random.Next(0, seed % 10 == 0 ? 400 : 60);
            for (var i = 0; i < length; i++)
            {
                t = ApplyRandom(original, random, t);
            }

            if (random.Next(8) == 0)
            {
                original.Complete();
            }

            var payload = SessionSnapshot.Serialize(original);
            // In a table's slab half the time: restoring must not depend on where the state lives.
            var restored = seed % 2 == 0 ? new SessionEntity(1, "s" + seed, Model) : new SessionEntity(1, "s" + seed, Model, slab);

            Assert.True(SessionSnapshot.TryRestore(restored, payload, out var reason), $"seed {seed}: {reason}");
            DeepStateComparer.AssertIdentical(original.State, restored.State);
            AssertSameFeatures(original, restored);
            Assert.Equal(payload, SessionSnapshot.Serialize(restored));

            if (!original.Completed)
            {
                var future = new Random(seed + 1_000_000);
                var twin = new Random(seed + 1_000_000);
                var tOriginal = t;
                var tRestored = t;
                for (var i = 0; i < 80; i++)
                {
                    tOriginal = ApplyRandom(original, future, tOriginal);
                    tRestored = ApplyRandom(restored, twin, tRestored);
                }

                original.Complete();
                restored.Complete();
                DeepStateComparer.AssertIdentical(original.State, restored.State);
                AssertSameFeatures(original, restored);
            }
        }
    }

    [Fact]
    public void DeepStateComparer_StatesOneEventApart_Fails()
    {
        var random = new Random(7);
        var a = new SessionEntity(1, "a", Model);
        var t = TestEvents.T0;
        for (var i = 0; i < 30; i++)
        {
            t = ApplyRandom(a, random, t);
        }

        var b = new SessionEntity(1, "a", Model);
        Assert.True(SessionSnapshot.TryRestore(b, SessionSnapshot.Serialize(a), out _));
        b.Apply(TestEvents.Make(EventName.PageView, t + 1000, page: "/other"));

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => DeepStateComparer.AssertIdentical(a.State, b.State));
    }

    [Fact]
    public void Serialize_FirstByte_IsTheFormatVersion()
    {
        var payload = SessionSnapshot.Serialize(Session(seed: 1, events: 20));

        Assert.Equal(SessionSnapshot.Version, payload[0]);
    }

    [Fact]
    public void TryRestore_AnyByteFlipped_RefusedAndEntityUntouched()
    {
        var payload = SessionSnapshot.Serialize(Session(seed: 2, events: 50));
        for (var i = 0; i < payload.Length; i++)
        {
            var corrupt = (byte[])payload.Clone();
            corrupt[i] ^= 0x5A;
            var fresh = new SessionEntity(1, "x", Model);

            Assert.False(SessionSnapshot.TryRestore(fresh, corrupt, out var reason), $"byte {i} flipped was accepted");
            Assert.NotNull(reason);
            Assert.Equal(0, fresh.Sequence);
        }
    }

    [Fact]
    public void TryRestore_OlderVersion_RefusedNamingTheVersion()
    {
        var payload = SessionSnapshot.Serialize(Session(seed: 3, events: 10));
        payload[0] = 0;
        WriteChecksum(payload);

        Assert.False(SessionSnapshot.TryRestore(new SessionEntity(1, "x", Model), payload, out var reason));
        Assert.Contains("version 0", reason);
    }

    [Fact]
    public void TryRestore_Truncated_Refused()
    {
        var payload = SessionSnapshot.Serialize(Session(seed: 4, events: 10));

        Assert.False(SessionSnapshot.TryRestore(new SessionEntity(1, "x", Model), payload.AsSpan(0, 3), out var shortReason));
        Assert.Contains("too short", shortReason);
        var cut = payload[..^10];
        WriteChecksum(cut);
        Assert.False(SessionSnapshot.TryRestore(new SessionEntity(1, "x", Model), cut, out var cutReason));
        Assert.Contains("truncated", cutReason);
    }

    [Fact]
    public void TryRestore_MalformedBodyWithValidChecksum_RefusedAndEntityUntouched()
    {
        var payload = SessionSnapshot.Serialize(Session(seed: 5, events: 10));
        // After the version, the kernel fingerprint and the state's scalars, the byte right after the 4 running sums and the transition count is the last state: make it no state.
        payload[1 + 8 + 125 + 32 + 4] = 200;
        WriteChecksum(payload);
        var fresh = new SessionEntity(1, "x", Model);

        Assert.False(SessionSnapshot.TryRestore(fresh, payload, out var reason));
        Assert.Contains("last state", reason);
        Assert.Equal(0, fresh.Sequence);
        Assert.Equal(0, fresh.Demand);
    }

    [Fact]
    public void TryRestore_UnderOtherReferenceKernels_DivergencesAsAfterAReload()
    {
        var original = Session(seed: 9, events: 40);
        var reloaded = TestEvents.Model(session => session.MaxTrackedUniques = 9, agent => agent.Epsilon = 1e-3);
        var restored = new SessionEntity(1, "s9", reloaded);

        Assert.True(SessionSnapshot.TryRestore(restored, SessionSnapshot.Serialize(original), out _));
        original.Rebind(reloaded);

        Assert.NotEqual(0.0, restored.Feature(26));
        DeepStateComparer.AssertIdentical(original.State, restored.State);
    }

    [Fact]
    public void TryRestore_EntityWithEvents_Throws()
    {
        var payload = SessionSnapshot.Serialize(Session(seed: 6, events: 10));

        Assert.Throws<InvalidOperationException>(() => SessionSnapshot.TryRestore(Session(seed: 7, events: 1), payload, out _));
    }

    [Fact]
    public void Serialize_TypicalSession_IsCompact()
    {
        var payload = SessionSnapshot.Serialize(Session(seed: 8, events: 30));

        // Fixed part about 350 bytes plus 4 to 12 per tracked item: far below the in-memory state with its arrays.
        Assert.InRange(payload.Length, 200, 1200);
    }

    private static SessionEntity Session(int seed, int events)
    {
        var random = new Random(seed);
        var entity = new SessionEntity(1, "s" + seed, Model);
        var t = TestEvents.T0;
        for (var i = 0; i < events; i++)
        {
            t = ApplyRandom(entity, random, t);
        }

        return entity;
    }

    /// <summary>One random event: any name, products beyond the tracked limit, prices absent or not, out-of-order times.</summary>
    private static long ApplyRandom(SessionEntity entity, Random random, long t)
    {
        t += random.Next(8) == 0 ? -random.Next(0, 5_000) : random.Next(0, random.Next(4) == 0 ? 3_600_000 : 20_000);
        var name = (EventName)random.Next(EventNames.StateCount);
        if (name == EventName.SessionEnd)
        {
            name = EventName.PageView;
        }

        var product = random.Next(3) == 0 ? -1 : random.Next(0, 20);
        var price = random.Next(4) == 0 ? double.NaN : Math.Round(random.NextDouble() * 500, 2);
        var userAgent = random.Next(5) == 0 ? (UserAgentFlags)random.Next(256) : UserAgentFlags.None;
        var truth = (GroundTruth)random.Next(3);
        entity.Apply(TestEvents.Make(name, t, product, "/p" + random.Next(0, 25), price, random.Next(2) == 0 ? double.NaN : price, userAgent, truth));
        return t;
    }

    private static void AssertSameFeatures(SessionEntity expected, SessionEntity actual)
    {
        for (var i = 0; i < SessionFeatures.Count; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Feature(i)), BitConverter.DoubleToInt64Bits(actual.Feature(i)));
        }

        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.DetectorScore), BitConverter.DoubleToInt64Bits(actual.DetectorScore));
        for (var product = 0; product < 20; product++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected.ProductDemand(product)), BitConverter.DoubleToInt64Bits(actual.ProductDemand(product)));
        }
    }

    /// <summary>Rewrites the trailing FNV-1a checksum, to build payloads that pass the checksum but are otherwise wrong.</summary>
    private static void WriteChecksum(byte[] payload)
    {
        var hash = 2166136261u;
        foreach (var b in payload.AsSpan(0, payload.Length - 4))
        {
            hash = (hash ^ b) * 16777619u;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(payload.Length - 4), hash);
    }
}
