namespace Phantom.Streams.Pricing;

/// <summary>What the shield decided about a proposed price; anything but <see cref="Accepted"/> means the base price was used.</summary>
public enum ShieldVerdict : byte
{
    Accepted = 0,

    /// <summary>NaN or ±∞.</summary>
    NonFinite = 1,

    /// <summary>Outside [Floor·base, Cap·base].</summary>
    OutOfBounds = 2,

    /// <summary>Moved more than MaxChange (relative) from the session's last quote for the product within ChangeInterval.</summary>
    ChangeTooLarge = 3,
}
