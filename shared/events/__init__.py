"""The versioned event contract: CloudEvents envelopes around pydantic payloads."""
