/** GmCrypto on the server: SM3 and SM4 from the OpenSSL inside Node. */
import type { GmCrypto } from "./gm-crypto.js";
import { sm3 } from "./sm2.js";
import { sm4CbcDecrypt, sm4CbcEncrypt } from "./sm4.js";

export const nodeGm: GmCrypto = { sm3, sm4CbcEncrypt, sm4CbcDecrypt };
