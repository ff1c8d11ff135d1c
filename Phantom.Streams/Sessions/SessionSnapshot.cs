using Phantom.Streams.Events;

namespace Phantom.Streams.Sessions;

/// <summary>
/// A <see cref="SessionEntity"/>'s complete state as bytes, for the journal's snapshots: restoring it and applying the
/// events after its sequence number gives the same state, bit for bit, as applying every event from the start.
/// <para>
/// Format (little-endian): the version byte <see cref="Version"/>; a fingerprint of the reference kernels the
/// divergences were computed against; every field of <see cref="SessionState"/> (doubles as
/// their raw bits); the transition tally, the page set and the product tally (counts, capacities, tracked items in
/// order, sketches); an FNV-1a 32-bit checksum of everything before it. A snapshot of another version, a bad checksum
/// or a malformed body is refused by <see cref="TryRestore"/>, and recovery falls back to a full replay, so changing
/// the format only ever means bumping <see cref="Version"/>.
/// </para>
/// Not in the snapshot: the shield's last quote (<see cref="SessionEntity.QuotedProduct"/> etc.), which no event
/// rebuilds either, and the model. Restored under a model with other reference kernels (a reload since the snapshot),
/// the divergences are recomputed against them from the transition counts, as a live entity's are at a reload; sums
/// already folded with the old demand weights stay, also as in a live entity.
/// </summary>
public static class SessionSnapshot
{
    /// <summary>The format version written first; a snapshot with another one is ignored.</summary>
    public const byte Version = 1;

    private const int ChecksumBytes = 4;

    /// <summary>The entity's state as a snapshot payload.</summary>
    public static byte[] Serialize(SessionEntity entity) => Serialize(entity, new SessionSnapshotWriter());

    /// <summary>As <see cref="Serialize(SessionEntity)"/>, reusing <paramref name="writer"/>'s buffer (the journal stage keeps one).</summary>
    internal static byte[] Serialize(SessionEntity entity, SessionSnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Reset();
        writer.WriteByte(Version);
        writer.WriteUInt64(KernelFingerprint(entity.Model));
        ref readonly var s = ref entity.State;
        writer.WriteDouble(s.GapMean);
        writer.WriteDouble(s.GapM2);
        writer.WriteInt64(s.MinGapMs);
        writer.WriteInt64(s.DurationMs);
        writer.WriteInt64(s.VelocityWindow);
        writer.WriteInt32(s.WindowEvents);
        writer.WriteInt32(s.MaxWindowEvents);
        writer.WriteInt32(s.PageViews);
        writer.WriteInt32(s.ItemViews);
        writer.WriteInt32(s.CartAdds);
        writer.WriteInt32(s.Purchases);
        writer.WriteInt32(s.HoverEvents);
        writer.WriteDouble(s.Demand);
        writer.WriteDouble(s.PriceSum);
        writer.WriteDouble(s.PriceMin);
        writer.WriteDouble(s.PriceMax);
        writer.WriteInt32(s.PriceCount);
        writer.WriteInt64(s.Sequence);
        writer.WriteInt64(s.LastEventMs);
        writer.WriteByte((byte)s.Truth);
        writer.WriteByte((byte)s.Mode);
        writer.WriteByte((byte)s.UserAgent);
        writer.WriteByte(s.StartHour);
        writer.WriteBool(s.Completed);
        s.Kernel.WriteTo(writer);
        s.Pages.WriteTo(writer);
        s.Products.WriteTo(writer);
        writer.WriteUInt32(Fnv1a(writer.Written));
        return writer.ToArray();
    }

    /// <summary>
    /// Restores <paramref name="payload"/> into <paramref name="entity"/>, which must not have applied any event yet.
    /// On failure the entity is left untouched and <paramref name="reason"/> says why (another version, a bad
    /// checksum, a malformed body).
    /// </summary>
    /// <exception cref="InvalidOperationException">The entity has already applied events.</exception>
    public static bool TryRestore(SessionEntity entity, ReadOnlySpan<byte> payload, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity.Sequence != 0)
        {
            throw new InvalidOperationException($"session {entity.SessionId} has applied {entity.Sequence} events; a snapshot restores only into a fresh entity");
        }

        if (payload.Length < 1 + ChecksumBytes)
        {
            reason = $"snapshot of {payload.Length} bytes is too short";
            return false;
        }

        if (payload[0] != Version)
        {
            reason = $"snapshot format version {payload[0]}, this node reads version {Version}";
            return false;
        }

        var body = payload[..^ChecksumBytes];
        var stored = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(payload[^ChecksumBytes..]);
        if (Fnv1a(body) != stored)
        {
            reason = "snapshot checksum does not match (corrupt bytes)";
            return false;
        }

        // Decoded into a local first: a malformed body must leave the entity as it was.
        var state = default(SessionState);
        ulong kernels;
        try
        {
            var reader = new SessionSnapshotReader(body[1..]);
            kernels = reader.ReadUInt64();
            Read(ref reader, ref state);
            if (reader.Remaining != 0)
            {
                throw new InvalidDataException($"snapshot has {reader.Remaining} bytes after its last field");
            }
        }
        catch (InvalidDataException e)
        {
            reason = e.Message;
            return false;
        }

        entity.State = state;
        var model = entity.Model;
        if (kernels != KernelFingerprint(model))
        {
            // Bits identical to the original only under the same kernels; under others, what a reload does.
            entity.State.Kernel.Rebind(model.Human, model.Agent);
        }

        reason = null;
        return true;
    }

    private static void Read(ref SessionSnapshotReader reader, ref SessionState s)
    {
        s.GapMean = reader.ReadDouble();
        s.GapM2 = reader.ReadDouble();
        s.MinGapMs = reader.ReadInt64();
        s.DurationMs = reader.ReadInt64();
        s.VelocityWindow = reader.ReadInt64();
        s.WindowEvents = reader.ReadInt32();
        s.MaxWindowEvents = reader.ReadInt32();
        s.PageViews = reader.ReadInt32();
        s.ItemViews = reader.ReadInt32();
        s.CartAdds = reader.ReadInt32();
        s.Purchases = reader.ReadInt32();
        s.HoverEvents = reader.ReadInt32();
        s.Demand = reader.ReadDouble();
        s.PriceSum = reader.ReadDouble();
        s.PriceMin = reader.ReadDouble();
        s.PriceMax = reader.ReadDouble();
        s.PriceCount = reader.ReadInt32();
        s.Sequence = reader.ReadInt64();
        if (s.Sequence < 0)
        {
            throw new InvalidDataException($"snapshot: sequence number {s.Sequence} is negative");
        }

        s.LastEventMs = reader.ReadInt64();
        s.Truth = (GroundTruth)reader.ReadByte();
        s.Mode = (StoreMode)reader.ReadByte();
        s.UserAgent = (UserAgentFlags)reader.ReadByte();
        s.StartHour = reader.ReadByte();
        s.Completed = reader.ReadBool();
        s.Kernel.ReadFrom(ref reader);
        s.Pages.ReadFrom(ref reader);
        s.Products.ReadFrom(ref reader);
    }

    /// <summary>FNV-1a over the bits of both reference kernels' log-probabilities: equal kernels, equal fingerprints.</summary>
    private static ulong KernelFingerprint(SessionModel model)
    {
        var hash = 14695981039346656037UL;
        foreach (var kernel in (ReadOnlySpan<Agents.TransitionKernel>)[model.Human, model.Agent])
        {
            for (var from = 0; from < EventNames.StateCount; from++)
            {
                for (var to = 0; to < EventNames.StateCount; to++)
                {
                    hash = (hash ^ (ulong)BitConverter.DoubleToInt64Bits(kernel.LogProbability((EventName)from, (EventName)to))) * 1099511628211UL;
                }
            }
        }

        return hash;
    }

    private static uint Fnv1a(ReadOnlySpan<byte> data)
    {
        var hash = 2166136261u;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
