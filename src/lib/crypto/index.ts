export { getKey, hasKey, deleteKey, deleteAllKeys, KEYS_DB } from './keystore';
export {
	encryptBytes,
	decryptBytes,
	encryptFloat32,
	decryptFloat32,
	encryptJSON,
	decryptJSON,
	FACES_KEY,
	type Encrypted
} from './aes';
