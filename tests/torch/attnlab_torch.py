"""attnlab_torch: attnlab's exported models as PyTorch modules (doc/checkpoint.md).

read_safetensors(path) -> (metadata, {name: tensor}); write_safetensors(path, meta, tensors);
AttnlabModel(metadata) builds the layer stack of the metadata with parameters named exactly
as attnlab names them, so that model.load_state_dict(tensors) loads an export and
model.state_dict() is what `import model` reads back. Plain torch, no other package.
"""
import json
import math
import struct

import torch
import torch.nn.functional as F


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__", {})
    tensors = {}
    for name, info in header.items():
        assert info["dtype"] == "F32", name
        begin, end = info["data_offsets"]
        raw = bytearray(data[8 + n + begin:8 + n + end])
        tensors[name] = torch.frombuffer(raw, dtype=torch.float32).reshape(info["shape"]).clone()
    return meta, tensors


def write_safetensors(path, meta, tensors):
    header, blobs, offset = {"__metadata__": dict(meta)}, [], 0
    for name, t in tensors.items():
        blob = t.detach().to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


POSITIONAL = {"embedding": "units", "position": "kind", "dense": "units", "lstm": "units",
              "dropout": "rate"}


def fields(line):
    """A layer line ("dense 10 activation=relu") as its word and a dict of its options."""
    word, *rest = line.split(" ")
    f = {}
    for item in rest:
        key, eq, value = item.partition("=")
        if eq:
            f[key] = value
        else:
            f[POSITIONAL[word]] = item
    return word, f


class Affine(torch.nn.Module):
    """weight and bias, named as attnlab names them (LayerNorm w/b inside a block)."""

    def __init__(self, rows, cols, wname="weight", bname="bias"):
        super().__init__()
        self.wname, self.bname = wname, bname
        shape = (cols,) if rows == 1 else (rows, cols)
        self.register_parameter(wname, torch.nn.Parameter(torch.zeros(shape)))
        self.register_parameter(bname, torch.nn.Parameter(torch.zeros(rows if rows > 1 else cols)))

    def pair(self):
        return getattr(self, self.wname), getattr(self, self.bname)


class Attention(torch.nn.Module):
    def __init__(self, c, heads, causal):
        super().__init__()
        self.heads, self.causal = heads, causal
        self.w_qkv = torch.nn.Parameter(torch.zeros(3 * c, c))
        self.b_qkv = torch.nn.Parameter(torch.zeros(3 * c))
        self.w_o = torch.nn.Parameter(torch.zeros(c, c))
        self.b_o = torch.nn.Parameter(torch.zeros(c))

    def forward(self, x):
        b, t, c = x.shape
        h, d = self.heads, c // self.heads
        q, k, v = F.linear(x, self.w_qkv, self.b_qkv).split(c, dim=2)
        q, k, v = (z.view(b, t, h, d).transpose(1, 2) for z in (q, k, v))
        scores = q @ k.transpose(-2, -1) / math.sqrt(d)
        if self.causal:
            mask = torch.ones(t, t, dtype=torch.bool).triu(1)
            scores = scores.masked_fill(mask, float("-inf"))
        y = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, t, c)
        return F.linear(y, self.w_o, self.b_o)


class Mlp(torch.nn.Module):
    def __init__(self, c, f):
        super().__init__()
        self.w_fc = torch.nn.Parameter(torch.zeros(f, c))
        self.b_fc = torch.nn.Parameter(torch.zeros(f))
        self.w_proj = torch.nn.Parameter(torch.zeros(c, f))
        self.b_proj = torch.nn.Parameter(torch.zeros(c))

    def forward(self, x):
        return F.linear(F.gelu(F.linear(x, self.w_fc, self.b_fc), approximate="tanh"),
                        self.w_proj, self.b_proj)


class Block(torch.nn.Module):
    """Pre-LayerNorm transformer block: x + attn(ln1(x)), then + mlp(ln2(.))."""

    def __init__(self, c, heads, ff, causal):
        super().__init__()
        self.ln1 = Affine(1, c, "w", "b")
        self.attn = Attention(c, heads, causal)
        self.ln2 = Affine(1, c, "w", "b")
        self.mlp = Mlp(c, ff)

    def forward(self, x):
        c = x.shape[-1]
        x = x + self.attn(F.layer_norm(x, (c,), *self.ln1.pair(), 1e-5))
        return x + self.mlp(F.layer_norm(x, (c,), *self.ln2.pair(), 1e-5))


class Lstm(torch.nn.Module):
    """One LSTM layer; gates i, f, g, o in that order (PyTorch's); one bias (b_ih + b_hh)."""

    def __init__(self, c, units):
        super().__init__()
        self.units = units
        self.w_x = torch.nn.Parameter(torch.zeros(4 * units, c))
        self.w_h = torch.nn.Parameter(torch.zeros(4 * units, units))
        self.b = torch.nn.Parameter(torch.zeros(4 * units))

    def forward(self, x):
        lstm = torch.nn.LSTM(x.shape[-1], self.units, batch_first=True).to(x.dtype)
        with torch.no_grad():
            lstm.weight_ih_l0.copy_(self.w_x)
            lstm.weight_hh_l0.copy_(self.w_h)
            lstm.bias_ih_l0.copy_(self.b)
            lstm.bias_hh_l0.zero_()
        return lstm(x)[0]


ACTIVATIONS = {"none": lambda x: x, "relu": F.relu, "sigmoid": torch.sigmoid,
               "tanh": torch.tanh, "gelu": lambda x: F.gelu(x, approximate="tanh")}


class AttnlabModel(torch.nn.Module):
    def __init__(self, meta):
        super().__init__()
        self.vocab, self.context = int(meta["attnlab.vocab"]), int(meta["attnlab.context"])
        self.steps, width, counts = [], 0, {}
        for line in meta["attnlab.layers"].split("\n"):
            word, f = fields(line)
            counts[word] = counts.get(word, 0) + 1
            name = word if word in ("embedding", "position", "output") else f"{word}{counts[word]}"
            if word == "embedding":
                width = int(f["units"])
                mod = Affine(self.vocab, width)
                del mod.bias
                mod.register_parameter("bias", None)
            elif word == "position":
                if f["kind"] == "learned":
                    mod = torch.nn.Module()
                    mod.weight = torch.nn.Parameter(torch.zeros(self.context, width))
                else:
                    mod = None
            elif word == "block":
                mod = Block(width, int(f["heads"]), int(f["ff"]), f["causal"] == "on")
            elif word == "attention":
                mod = Attention(width, int(f["heads"]), f["causal"] == "on")
            elif word == "layernorm":
                mod = Affine(1, width)
            elif word == "rmsnorm":
                mod = torch.nn.Module()
                mod.weight = torch.nn.Parameter(torch.zeros(width))
            elif word == "lstm":
                mod = Lstm(width, int(f["units"]))
                width = int(f["units"])
            elif word == "dense":
                mod = Affine(int(f["units"]), width)
                width = int(f["units"])
            elif word in ("dropout",):
                mod = None
            elif word == "output":
                mod = Affine(self.vocab, width)
            else:
                raise NotImplementedError(word)
            if mod is not None:
                self.add_module(name, mod)
            self.steps.append((word, name, f))

    def forward(self, ids):
        x = None
        for word, name, f in self.steps:
            mod = getattr(self, name, None)
            if word == "embedding":
                x = F.embedding(ids, mod.weight)
            elif word == "position":
                t, c = x.shape[1], x.shape[2]
                if mod is not None:
                    x = x + mod.weight[:t]
                else:
                    table = torch.zeros(t, c, dtype=torch.float64)
                    for p in range(t):
                        for j in range(c):
                            freq = 10000.0 ** (-(j // 2 * 2) / c)
                            table[p, j] = math.sin(p * freq) if j % 2 == 0 else math.cos(p * freq)
                    x = x + table.to(x.dtype)
            elif word == "layernorm":
                x = F.layer_norm(x, (x.shape[-1],), mod.weight, mod.bias, 1e-5)
            elif word == "rmsnorm":
                x = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * mod.weight
            elif word == "dense":
                x = ACTIVATIONS[f["activation"]](F.linear(x, mod.weight, mod.bias))
            elif word == "output":
                x = F.linear(x, mod.weight, mod.bias)
            elif word == "dropout":
                pass
            else:
                x = mod(x)
        return x
