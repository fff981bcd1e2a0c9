"""zhenggai：巡视巡察整改工作系统。"""

__version__ = "0.1.0"
