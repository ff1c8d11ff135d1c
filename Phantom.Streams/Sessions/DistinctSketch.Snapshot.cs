namespace Phantom.Streams.Sessions;

/// <summary>Snapshot part of <see cref="DistinctSketch"/>: its 64 bits.</summary>
internal partial struct DistinctSketch
{
    internal readonly void WriteTo(SessionSnapshotWriter writer) => writer.WriteUInt64(_bits);

    internal void ReadFrom(ref SessionSnapshotReader reader) => _bits = reader.ReadUInt64();
}
