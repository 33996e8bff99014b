namespace Dcgan.Net.Tensors.Serialization;

/// <summary>Element types that the file formats (safetensors, npy, PyTorch checkpoints) can carry.</summary>
public enum DataType
{
    /// <summary>IEEE 754 binary32.</summary>
    Float32,

    /// <summary>IEEE 754 binary64.</summary>
    Float64,

    /// <summary>IEEE 754 binary16.</summary>
    Float16,

    /// <summary>bfloat16: the upper 16 bits of a binary32.</summary>
    BFloat16,

    /// <summary>Signed 64-bit integer.</summary>
    Int64,

    /// <summary>Signed 32-bit integer.</summary>
    Int32,

    /// <summary>Signed 16-bit integer.</summary>
    Int16,

    /// <summary>Signed 8-bit integer.</summary>
    Int8,

    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8,

    /// <summary>Boolean stored as one byte (0 or 1).</summary>
    Bool,
}
