//! Seeded noise for Piper models: an ONNX model's bytes in, the same model with its
//! random operators replaced by noise that narrate feeds it, and that noise, drawn from
//! a seed, out.
//!
//! A VITS model draws Gaussian noise twice per run (`RandomNormalLike`: the duration
//! predictor's, scaled by `noise_w`, and the flow's, scaled by `noise_scale`). ONNX
//! Runtime seeds those operators from the clock and keeps one generator per session
//! that advances with every run, so the same sentence sounds slightly different on
//! every render and depends on what the session spoke before; its C API has no way to
//! seed or reset them. So, when the model is loaded, [`seed_noise`] rewrites each
//! `RandomNormalLike(x)` into `Reshape(Slice(NOISE_k, 0, Size(x)), Shape(x))`, where
//! `NOISE_k` is a new input of the graph: a flat run of standard normal values that
//! [`normal_noise`] draws from a seed derived from the phoneme ids of the piece being
//! spoken ([`piece_seed`]). A piece then always gets the same noise, whatever was
//! spoken before, in whichever session: its audio depends on its text (and the voice)
//! alone. The noise keeps the distribution the model was trained with (mean 0, standard
//! deviation 1), so the voice sounds as before.
//!
//! The flow's noise has one value per channel per audio frame, and how many frames a
//! piece gets is known only inside the run. So the noise given is a first guess
//! ([`first_noise_len`]), and a run that needs more (Reshape fails) is run again with
//! four times as much. The values are drawn as one stream per input, so a longer run of
//! noise begins with the shorter one: the guess never changes the audio.
//!
//! # Why by hand
//! The edit touches a few nodes of a 60 MB protocol-buffer file. The ONNX crates on
//! crates.io (`onnx-protobuf`, `onnx-pb`) decode the whole model into structs and
//! encode it again, bringing a protobuf runtime and code generation for it, and prost
//! drops fields it does not know; splicing the graph's fields here keeps every other
//! byte as it was. The random numbers are SplitMix64 (Steele, Lea and Flood, 2014) and
//! the Box–Muller transform: a dozen lines whose output must never change (the cache
//! keys clips by the voice's identity, which names this scheme, [`SCHEME`]), rather
//! than a crate whose streams may change between versions.

/// The name of this noise scheme, part of the voice's identity: change it whenever the
/// noise a piece gets changes.
pub const SCHEME: &str = "narrate-noise-1 (SplitMix64, Box-Muller, seeded by the piece's ids)";

/// The prefix of the graph inputs that carry the noise: `narrate_noise_0`, `_1`, ….
const INPUT_PREFIX: &str = "narrate_noise_";

/// The name of the shared `[0]` constant the slices start at.
const ZERO: &str = "narrate_noise/zero";

/// Protocol-buffer wire types.
const VARINT: u8 = 0;
const FIXED64: u8 = 1;
pub(super) const LENGTH_DELIMITED: u8 = 2;
const FIXED32: u8 = 5;

/// ONNX field numbers (onnx.proto).
pub(super) mod field {
    pub const MODEL_GRAPH: u64 = 7;
    pub const GRAPH_NODE: u64 = 1;
    pub const GRAPH_INITIALIZER: u64 = 5;
    pub const GRAPH_INPUT: u64 = 11;
    pub const GRAPH_OUTPUT: u64 = 12;
    pub const NODE_INPUT: u64 = 1;
    pub const NODE_OUTPUT: u64 = 2;
    pub const NODE_NAME: u64 = 3;
    pub const NODE_OP_TYPE: u64 = 4;
    pub const NODE_ATTRIBUTE: u64 = 5;
    pub const ATTRIBUTE_NAME: u64 = 1;
    pub const ATTRIBUTE_I: u64 = 3;
    pub const ATTRIBUTE_TYPE: u64 = 20;
    pub const TENSOR_DIMS: u64 = 1;
    pub const TENSOR_DATA_TYPE: u64 = 2;
    pub const TENSOR_INT64_DATA: u64 = 7;
    pub const TENSOR_NAME: u64 = 8;
    pub const VALUE_INFO_NAME: u64 = 1;
    pub const VALUE_INFO_TYPE: u64 = 2;
    pub const TYPE_TENSOR: u64 = 1;
    pub const TENSOR_TYPE_ELEM_TYPE: u64 = 1;
    pub const TENSOR_TYPE_SHAPE: u64 = 2;
    pub const SHAPE_DIM: u64 = 1;
    pub const DIMENSION_PARAM: u64 = 2;
}

/// ONNX `TensorProto.DataType` values.
const FLOAT: u64 = 1;
const INT64: u64 = 7;
/// ONNX `AttributeProto.AttributeType.INT`.
const ATTRIBUTE_INT: u64 = 2;

/// One field of a message: its number, wire type and the bytes of its value (the
/// payload of a length-delimited field, else the raw value bytes).
pub(super) struct Field<'a> {
    pub number: u64,
    pub wire_type: u8,
    /// The whole field as it appears, tag and length included.
    pub raw: &'a [u8],
    /// A length-delimited field's payload.
    pub payload: &'a [u8],
}

fn read_varint(bytes: &[u8], at: &mut usize) -> Result<u64, String> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at).ok_or("the model ends inside a number")?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Ok(value);
        }
    }
    Err("the model has a number longer than ten bytes".into())
}

/// The fields of one message, in order.
pub(super) fn fields(message: &[u8]) -> Result<Vec<Field<'_>>, String> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < message.len() {
        let start = at;
        let tag = read_varint(message, &mut at)?;
        let (number, wire_type) = (tag >> 3, (tag & 7) as u8);
        let mut payload: &[u8] = &[];
        match wire_type {
            VARINT => {
                read_varint(message, &mut at)?;
            }
            FIXED64 => at += 8,
            FIXED32 => at += 4,
            LENGTH_DELIMITED => {
                let len = usize::try_from(read_varint(message, &mut at)?)
                    .map_err(|_| "the model has a field too long for memory")?;
                let end = at
                    .checked_add(len)
                    .filter(|&end| end <= message.len())
                    .ok_or("the model ends inside a field")?;
                payload = &message[at..end];
                at = end;
            }
            other => return Err(format!("the model has a field of wire type {other}")),
        }
        if at > message.len() {
            return Err("the model ends inside a field".into());
        }
        out.push(Field {
            number,
            wire_type,
            raw: &message[start..at],
            payload,
        });
    }
    Ok(out)
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

pub(super) fn put_bytes(out: &mut Vec<u8>, number: u64, bytes: &[u8]) {
    put_varint(out, number << 3 | u64::from(LENGTH_DELIMITED));
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

fn put_int(out: &mut Vec<u8>, number: u64, value: u64) {
    put_varint(out, number << 3 | u64::from(VARINT));
    put_varint(out, value);
}

/// A `NodeProto` of `op_type` from `inputs` to `outputs`, with integer attributes.
pub(super) fn node(
    op_type: &str,
    name: &str,
    inputs: &[&str],
    outputs: &[&str],
    ints: &[(&str, u64)],
) -> Vec<u8> {
    let mut out = Vec::new();
    for input in inputs {
        put_bytes(&mut out, field::NODE_INPUT, input.as_bytes());
    }
    for output in outputs {
        put_bytes(&mut out, field::NODE_OUTPUT, output.as_bytes());
    }
    put_bytes(&mut out, field::NODE_NAME, name.as_bytes());
    put_bytes(&mut out, field::NODE_OP_TYPE, op_type.as_bytes());
    for (attribute, value) in ints {
        let mut a = Vec::new();
        put_bytes(&mut a, field::ATTRIBUTE_NAME, attribute.as_bytes());
        put_int(&mut a, field::ATTRIBUTE_I, *value);
        put_int(&mut a, field::ATTRIBUTE_TYPE, ATTRIBUTE_INT);
        put_bytes(&mut out, field::NODE_ATTRIBUTE, &a);
    }
    out
}

/// A graph input `name`: a float tensor of one dimension of any length.
fn float_vector_input(name: &str) -> Vec<u8> {
    let mut dimension = Vec::new();
    put_bytes(
        &mut dimension,
        field::DIMENSION_PARAM,
        format!("{name}_len").as_bytes(),
    );
    let mut shape = Vec::new();
    put_bytes(&mut shape, field::SHAPE_DIM, &dimension);
    let mut tensor = Vec::new();
    put_int(&mut tensor, field::TENSOR_TYPE_ELEM_TYPE, FLOAT);
    put_bytes(&mut tensor, field::TENSOR_TYPE_SHAPE, &shape);
    let mut type_proto = Vec::new();
    put_bytes(&mut type_proto, field::TYPE_TENSOR, &tensor);
    let mut out = Vec::new();
    put_bytes(&mut out, field::VALUE_INFO_NAME, name.as_bytes());
    put_bytes(&mut out, field::VALUE_INFO_TYPE, &type_proto);
    out
}

/// The initializer [`ZERO`]: an int64 tensor `[0]`.
fn zero_initializer() -> Vec<u8> {
    let mut out = Vec::new();
    put_int(&mut out, field::TENSOR_DIMS, 1);
    put_int(&mut out, field::TENSOR_DATA_TYPE, INT64);
    put_int(&mut out, field::TENSOR_INT64_DATA, 0);
    put_bytes(&mut out, field::TENSOR_NAME, ZERO.as_bytes());
    out
}

/// The first string of field `number` in `message`.
pub(super) fn first_string(message: &[u8], number: u64) -> Result<Option<String>, String> {
    Ok(fields(message)?
        .into_iter()
        .find(|f| f.number == number && f.wire_type == LENGTH_DELIMITED)
        .map(|f| String::from_utf8_lossy(f.payload).into_owned()))
}

/// The nodes that replace `RandomNormalLike(like) -> output` with noise from `input`.
fn replacement(index: usize, like: &str, output: &str, input: &str) -> Vec<Vec<u8>> {
    let shape = format!("{input}/shape");
    let count = format!("{input}/count");
    let flat = format!("{input}/flat");
    let name = |step: &str| format!("narrate_noise_{index}/{step}");
    vec![
        node("Shape", &name("shape"), &[like], &[&shape], &[]),
        node(
            "ReduceProd",
            &name("count"),
            &[&shape],
            &[&count],
            &[("keepdims", 1)],
        ),
        node(
            "Slice",
            &name("slice"),
            &[input, ZERO, &count],
            &[&flat],
            &[],
        ),
        node(
            "Reshape",
            &name("reshape"),
            &[&flat, &shape],
            &[output],
            &[],
        ),
    ]
}

/// `model` (the bytes of an ONNX model) with every `RandomNormalLike` of its graph
/// replaced by noise from a new float input, and the names of those inputs, in the
/// order of the nodes they replace. The values named in `outputs` (made inside the
/// graph, such as the phoneme durations of [`super::durations`]) are added to the
/// graph's outputs after its own, in that order, so that a run can fetch them: done in
/// the same pass, so that loading copies the model once. A model without random nodes,
/// given no outputs, comes back unchanged, with no inputs.
pub fn seed_noise(model: &[u8], outputs: &[String]) -> Result<(Vec<u8>, Vec<String>), String> {
    let model_fields = fields(model)?;
    let graph = model_fields
        .iter()
        .find(|f| f.number == field::MODEL_GRAPH && f.wire_type == LENGTH_DELIMITED)
        .ok_or("the model has no graph")?;
    let mut new_graph = Vec::with_capacity(graph.payload.len() + 4096);
    let mut inputs = Vec::new();
    for f in fields(graph.payload)? {
        let random = f.number == field::GRAPH_NODE
            && f.wire_type == LENGTH_DELIMITED
            && first_string(f.payload, field::NODE_OP_TYPE)?.as_deref() == Some("RandomNormalLike");
        if !random {
            new_graph.extend_from_slice(f.raw);
            continue;
        }
        let node_fields = fields(f.payload)?;
        let strings = |number: u64| -> Vec<String> {
            node_fields
                .iter()
                .filter(|g| g.number == number && g.wire_type == LENGTH_DELIMITED)
                .map(|g| String::from_utf8_lossy(g.payload).into_owned())
                .collect()
        };
        let (like, output) = match (
            strings(field::NODE_INPUT).as_slice(),
            strings(field::NODE_OUTPUT).as_slice(),
        ) {
            ([like], [output]) => (like.clone(), output.clone()),
            _ => {
                return Err(
                    "the model has a RandomNormalLike that is not one input to one output".into(),
                )
            }
        };
        // Its mean, scale and type are left at their defaults (0, 1, the input's):
        // so Piper's models export it; any attribute but `dtype` float is refused.
        for attribute in node_fields
            .iter()
            .filter(|g| g.number == field::NODE_ATTRIBUTE)
        {
            let name = first_string(attribute.payload, field::ATTRIBUTE_NAME)?.unwrap_or_default();
            let mut value = None;
            for a in fields(attribute.payload)? {
                if a.number == field::ATTRIBUTE_I && a.wire_type == VARINT {
                    let mut at = 0;
                    read_varint(a.raw, &mut at)?; // the tag
                    value = Some(read_varint(a.raw, &mut at)?);
                }
            }
            let float_dtype = name == "dtype" && value == Some(FLOAT);
            if !float_dtype {
                return Err(format!("the model's RandomNormalLike has attribute '{name}', which narrate cannot seed"));
            }
        }
        let input = format!("{INPUT_PREFIX}{}", inputs.len());
        for replacement_node in replacement(inputs.len(), &like, &output, &input) {
            put_bytes(&mut new_graph, field::GRAPH_NODE, &replacement_node);
        }
        inputs.push(input);
    }
    if inputs.is_empty() && outputs.is_empty() {
        return Ok((model.to_vec(), inputs));
    }
    if !inputs.is_empty() {
        put_bytes(
            &mut new_graph,
            field::GRAPH_INITIALIZER,
            &zero_initializer(),
        );
    }
    for input in &inputs {
        put_bytes(
            &mut new_graph,
            field::GRAPH_INPUT,
            &float_vector_input(input),
        );
    }
    for output in outputs {
        // A name alone: ONNX Runtime takes the value's type from the node that makes it.
        let mut value_info = Vec::new();
        put_bytes(&mut value_info, field::VALUE_INFO_NAME, output.as_bytes());
        put_bytes(&mut new_graph, field::GRAPH_OUTPUT, &value_info);
    }
    let mut out = Vec::with_capacity(model.len() + new_graph.len() - graph.payload.len());
    for f in &model_fields {
        if std::ptr::eq(f.raw, graph.raw) {
            put_bytes(&mut out, field::MODEL_GRAPH, &new_graph);
        } else {
            out.extend_from_slice(f.raw);
        }
    }
    Ok((out, inputs))
}

/// The seed of a piece of speech: from its phoneme ids (and so from its text), the same
/// on every run.
pub fn piece_seed(ids: &[i64]) -> u64 {
    let mut hasher = blake3::Hasher::new();
    hasher.update(SCHEME.as_bytes());
    for id in ids {
        hasher.update(&id.to_le_bytes());
    }
    let hash = hasher.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_le_bytes(first)
}

/// How many noise values a piece of `ids` is given at first: enough for the flow's
/// noise (192 channels per frame in Piper's models) at about 8 frames per id, which
/// covers normal and slow speech; more is drawn when a run needs it.
pub fn first_noise_len(ids: usize) -> usize {
    ids.max(1) * 192 * 8
}

/// SplitMix64: the next 64 random bits of `state`.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// `len` standard normal values drawn from `seed` (stream `stream` of it, one per noise
/// input). Drawn in pairs by Box–Muller from 53-bit uniform values; a longer run begins
/// with the values of a shorter one.
pub fn normal_noise(seed: u64, stream: usize, len: usize) -> Vec<f32> {
    let mut state = seed ^ (stream as u64).wrapping_mul(0xd1b5_4a32_d192_ed03);
    let mut out = Vec::with_capacity(len + 1);
    let unit = |bits: u64| (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
    while out.len() < len {
        // In (0, 1]: the logarithm stays finite.
        let u1 = 1.0 - unit(splitmix64(&mut state));
        let u2 = unit(splitmix64(&mut state));
        let radius = (-2.0 * u1.ln()).sqrt();
        let angle = std::f64::consts::TAU * u2;
        out.push((radius * angle.cos()) as f32);
        out.push((radius * angle.sin()) as f32);
    }
    out.truncate(len);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_is_standard_normal_and_a_longer_run_extends_a_shorter_one() {
        let long = normal_noise(42, 0, 100_001);
        let short = normal_noise(42, 0, 1_001);
        assert_eq!(&long[..1_001], &short[..]);
        let n = long.len() as f64;
        let mean = long.iter().map(|&x| f64::from(x)).sum::<f64>() / n;
        let var = long
            .iter()
            .map(|&x| (f64::from(x) - mean).powi(2))
            .sum::<f64>()
            / n;
        assert!(mean.abs() < 0.02, "mean {mean}");
        assert!((var - 1.0).abs() < 0.02, "variance {var}");
        assert!(long.iter().all(|x| x.is_finite()));
        assert_ne!(
            normal_noise(42, 1, 10),
            normal_noise(42, 0, 10),
            "streams differ"
        );
        assert_ne!(
            normal_noise(43, 0, 10),
            normal_noise(42, 0, 10),
            "seeds differ"
        );
    }

    #[test]
    fn seeds_follow_the_ids() {
        assert_eq!(piece_seed(&[1, 2, 3]), piece_seed(&[1, 2, 3]));
        assert_ne!(piece_seed(&[1, 2, 3]), piece_seed(&[1, 2, 4]));
    }

    #[test]
    fn varints_round_trip_and_fields_are_read_back() {
        let mut message = Vec::new();
        put_int(&mut message, 3, 300);
        put_bytes(&mut message, 1, b"abc");
        let read = fields(&message).unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!((read[0].number, read[0].wire_type), (3, VARINT));
        assert_eq!((read[1].number, read[1].payload), (1, &b"abc"[..]));
        let mut at = 0;
        assert_eq!(read_varint(read[0].raw, &mut at).unwrap(), 3 << 3);
        assert_eq!(read_varint(read[0].raw, &mut at).unwrap(), 300);
        // A field whose length runs past the end is an error, not a panic.
        assert!(fields(&[0x0a, 0x05, b'a']).is_err());
        assert!(fields(&[0xff; 11]).is_err());
    }

    #[test]
    fn a_graph_without_random_nodes_is_left_as_it_is() {
        let mut graph = Vec::new();
        put_bytes(
            &mut graph,
            field::GRAPH_NODE,
            &node("Relu", "r", &["x"], &["y"], &[]),
        );
        let mut model = Vec::new();
        put_int(&mut model, 1, 8);
        put_bytes(&mut model, field::MODEL_GRAPH, &graph);
        let (same, inputs) = seed_noise(&model, &[]).unwrap();
        assert_eq!(same, model);
        assert!(inputs.is_empty());
        // Asked for an output, it gains that output and nothing else.
        let (edited, inputs) = seed_noise(&model, &["y".to_string()]).unwrap();
        assert!(inputs.is_empty());
        let model_fields = fields(&edited).unwrap();
        let graph_fields = fields(model_fields[1].payload).unwrap();
        let kinds: Vec<u64> = graph_fields.iter().map(|f| f.number).collect();
        assert_eq!(kinds, [field::GRAPH_NODE, field::GRAPH_OUTPUT]);
        assert_eq!(
            first_string(graph_fields[1].payload, field::VALUE_INFO_NAME).unwrap(),
            Some("y".to_string())
        );
    }

    #[test]
    fn a_random_node_becomes_noise_from_a_new_input() {
        let mut dtype = Vec::new();
        put_bytes(&mut dtype, field::ATTRIBUTE_NAME, b"dtype");
        put_int(&mut dtype, field::ATTRIBUTE_I, FLOAT);
        put_int(&mut dtype, field::ATTRIBUTE_TYPE, ATTRIBUTE_INT);
        let mut random = node("RandomNormalLike", "n", &["x"], &["z"], &[]);
        put_bytes(&mut random, field::NODE_ATTRIBUTE, &dtype);
        let mut graph = Vec::new();
        put_bytes(
            &mut graph,
            field::GRAPH_NODE,
            &node("Relu", "r", &["a"], &["x"], &[]),
        );
        put_bytes(&mut graph, field::GRAPH_NODE, &random);
        let mut model = Vec::new();
        put_bytes(&mut model, field::MODEL_GRAPH, &graph);
        let (edited, inputs) = seed_noise(&model, &["x".to_string()]).unwrap();
        assert_eq!(inputs, vec!["narrate_noise_0".to_string()]);
        let model_fields = fields(&edited).unwrap();
        let graph_fields = fields(model_fields[0].payload).unwrap();
        let ops: Vec<String> = graph_fields
            .iter()
            .filter(|f| f.number == field::GRAPH_NODE)
            .map(|f| {
                first_string(f.payload, field::NODE_OP_TYPE)
                    .unwrap()
                    .unwrap()
            })
            .collect();
        assert_eq!(ops, ["Relu", "Shape", "ReduceProd", "Slice", "Reshape"]);
        let input_names: Vec<String> = graph_fields
            .iter()
            .filter(|f| f.number == field::GRAPH_INPUT)
            .map(|f| {
                first_string(f.payload, field::VALUE_INFO_NAME)
                    .unwrap()
                    .unwrap()
            })
            .collect();
        assert_eq!(input_names, ["narrate_noise_0"]);
        // The value asked for is a graph output now.
        let output_names: Vec<String> = graph_fields
            .iter()
            .filter(|f| f.number == field::GRAPH_OUTPUT)
            .map(|f| {
                first_string(f.payload, field::VALUE_INFO_NAME)
                    .unwrap()
                    .unwrap()
            })
            .collect();
        assert_eq!(output_names, ["x"]);
        // The last replacement node writes what the random node wrote.
        let reshape = graph_fields
            .iter()
            .rfind(|f| f.number == field::GRAPH_NODE)
            .unwrap();
        assert_eq!(
            first_string(reshape.payload, field::NODE_OUTPUT)
                .unwrap()
                .unwrap(),
            "z"
        );
    }
}
